import { describe, expect, it } from 'vitest'
import { wordingHints } from './hints.ts'

const found = (text: string) =>
  wordingHints(text).map(({ kind, match, language }) => ({ kind, match, language }))

describe('wording hints in English', () => {
  it.each([
    ['You always forget the bins', 'always'],
    ['He NEVER calls back', 'NEVER'],
    ['Every time we talk about money', 'Every time'],
    ['every single time, again', 'every single time'],
    ['We argue all the time', 'all the time'],
    ['Nothing changes', 'Nothing'],
    ['always.', 'always'],
    ['"Never"', 'Never'],
  ])('flags the absolute in %j', (text, match) => {
    expect(found(text)).toEqual([{ kind: 'absolute', match, language: 'en' }])
  })

  it.each([
    ['You should call me first', 'You should'],
    ['you need to listen', 'you need to'],
    ['You have to stop', 'You have to'],
    ['You make me so angry', 'You make me'],
    ['you made me late', 'you made me'],
    ["It's your fault we missed it", "It's your fault"],
    ['It’s your fault', 'It’s your fault'],
    ['its your fault', 'its your fault'],
    ['it is your fault', 'it is your fault'],
    ['You   should  rest', 'You   should'],
  ])('flags the blame opener in %j', (text, match) => {
    expect(found(text)).toEqual([{ kind: 'blame', match, language: 'en' }])
  })

  it.each([
    ['You are lazy', 'You are lazy'],
    ["you're so selfish", "you're so selfish"],
    ['You’re being careless', 'You’re being careless'],
    ['youre irresponsible', 'youre irresponsible'],
    ['you are just crazy', 'you are just crazy'],
  ])('flags the trait label in %j', (text, match) => {
    expect(found(text)).toEqual([{ kind: 'trait', match, language: 'en' }])
  })

  it.each([
    'Nevertheless, we walked',
    'the alwaysOn setting',
    'a never-ending list',
    'Everything went well',
    'Every week we walk on Tuesday',
    'nothingness',
    'You shoulder a lot',
    'You are lovely',
    'You are lazybones',
    'I should call earlier',
    'Neverland',
    'The timer is set to 10 minutes',
    '',
  ])('leaves %j alone', (text) => {
    expect(wordingHints(text)).toEqual([])
  })
})

describe('wording hints in Spanish', () => {
  it.each([
    ['Siempre llegas tarde', 'Siempre'],
    ['nunca me escuchas', 'nunca'],
    ['Jamás lo haces', 'Jamás'],
    ['jamas lo haces', 'jamas'],
    ['JAMÁS', 'JAMÁS'],
    ['Pasa todo el tiempo', 'todo el tiempo'],
    ['Cada vez que hablamos', 'Cada vez'],
  ])('flags the absolute in %j', (text, match) => {
    expect(found(text)).toEqual([{ kind: 'absolute', match, language: 'es' }])
  })

  it.each([
    ['Deberías llamar antes', 'Deberías'],
    ['deberias llamar', 'deberias'],
    ['Tienes que escuchar', 'Tienes que'],
    ['Me haces sentir mal', 'Me haces'],
    ['me hiciste llorar', 'me hiciste'],
    ['Es tu culpa', 'Es tu culpa'],
    ['Llegamos tarde por tu culpa', 'por tu culpa'],
  ])('flags the blame opener in %j', (text, match) => {
    expect(found(text)).toEqual([{ kind: 'blame', match, language: 'es' }])
  })

  it.each([
    ['Eres flojo', 'Eres flojo'],
    ['eres muy egoísta', 'eres muy egoísta'],
    ['Tú eres egoista', 'Tú eres egoista'],
    ['eres una irresponsable', 'eres una irresponsable'],
    ['Eres tan descuidada', 'Eres tan descuidada'],
    ['eres inútil', 'eres inútil'],
  ])('flags the trait label in %j', (text, match) => {
    expect(found(text)).toEqual([{ kind: 'trait', match, language: 'es' }])
  })

  it.each([
    'Una siempreviva en el balcón',
    'Cada vez más tranquilos',
    'cada vez menos discusiones',
    'Tienes queso en la nevera',
    'Eres flojito con el café',
    'Eres muy amable',
    'Debería llamar yo antes',
    'Nuncamás es una palabra inventada',
    'culpable',
  ])('leaves %j alone', (text) => {
    expect(wordingHints(text)).toEqual([])
  })
})

describe('wording hints: the details', () => {
  it('reports every hint in text order, with its place in the original text', () => {
    const text = 'Ñandú: you should ALWAYS text, jamás olvides que eres egoísta'
    const hints = wordingHints(text)
    expect(hints.map((h) => [h.kind, h.match, h.language])).toEqual([
      ['blame', 'you should', 'en'],
      ['absolute', 'ALWAYS', 'en'],
      ['absolute', 'jamás', 'es'],
      ['trait', 'eres egoísta', 'es'],
    ])
    for (const hint of hints) expect(text.slice(hint.index, hint.index + hint.match.length)).toBe(hint.match)
  })

  it('keeps offsets right after decomposed accents and characters outside the basic plane', () => {
    const text = 'Jame\u0301s 🙂 siempre'
    const [hint] = wordingHints(text)
    expect(hint).toMatchObject({ match: 'siempre', index: text.indexOf('siempre') })
  })

  it('suggests a gentler phrasing in the language the words were written in', () => {
    const [english] = wordingHints('You never help')
    const [spanish] = wordingHints('Nunca ayudas')
    expect(english?.suggestion).toMatch(/one time it happened/)
    expect(spanish?.suggestion).toMatch(/una vez concreta/)
    expect(wordingHints('You are lazy')[0]?.suggestion).toMatch(/behaviour/)
    expect(wordingHints('Es tu culpa')[0]?.suggestion).toMatch(/lo tuyo/)
  })
})
