// y-leveldb ships types, but its package.json "exports" hides them from NodeNext resolution; this is
// the part of its API the bench uses.
declare module 'y-leveldb' {
  import type * as Y from 'yjs'
  export class LeveldbPersistence {
    constructor(location: string)
    getYDoc(docName: string): Promise<Y.Doc>
    destroy(): Promise<void>
  }
}
