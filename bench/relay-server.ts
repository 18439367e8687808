// ref-relay: the floor of the sync benchmark. It speaks just enough of the y-websocket protocol for the
// unmodified client: a client's sync step 1 gets an empty step 2 followed by every update the room
// has relayed so far, and each update or awareness frame is passed as it came to the room's other
// sockets. No Yjs document, no storage, no checks: what is left is the cost of the sockets, the
// clients and the machine, which no real server can go below.
import { createServer } from 'node:http'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'

// The top-level message types, as the y-websocket client frames them (it does not export them).
const messageSync = 0
const messageAwareness = 1

interface Room {
  sockets: Set<WebSocket>
  updates: Uint8Array[]
}

const rooms = new Map<string, Room>()

/** The step 2 of a document that holds nothing: the room's content follows as update frames. */
function emptyStep2(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, new Uint8Array([0, 0]))
  return encoding.toUint8Array(encoder)
}

const step2 = emptyStep2()

function relay(room: Room, from: WebSocket, frame: Uint8Array): void {
  for (const socket of room.sockets) if (socket !== from) socket.send(frame)
}

function onFrame(room: Room, socket: WebSocket, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  if (type === messageAwareness) return relay(room, socket, frame)
  if (type !== messageSync) return
  const step = decoding.readVarUint(decoder)
  if (step === messageYjsSyncStep1) {
    socket.send(step2)
    for (const update of room.updates) socket.send(update)
  } else if (step === messageYjsUpdate) {
    room.updates.push(frame)
    relay(room, socket, frame)
  }
}

const server = createServer((_request, response) => response.writeHead(404).end())
const sockets = new WebSocketServer({ server })
sockets.on('connection', (socket, request) => {
  const name = (request.url ?? '/').slice(1).split('?')[0] ?? ''
  let room = rooms.get(name)
  if (!room) rooms.set(name, (room = { sockets: new Set(), updates: [] }))
  const joined = room
  joined.sockets.add(socket)
  socket.binaryType = 'nodebuffer'
  socket.on('message', (data: Buffer) => onFrame(joined, socket, new Uint8Array(data)))
  socket.on('close', () => {
    joined.sockets.delete(socket)
    if (joined.sockets.size === 0) rooms.delete(name)
  })
})

// A free port of the system's choosing, printed in the reference server's words so the bench reads it alike.
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (typeof address === 'object' && address) console.log(`running at '127.0.0.1' on port ${address.port}`)
})
