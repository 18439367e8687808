/**
 * The words the wording hints look for, per language and kind. Patterns are written against text that
 * was lower-cased and stripped of accents (so "jamás" and "jamas" are one pattern), with one space
 * between words; the matcher adds word boundaries on both sides.
 */
export type HintKind = 'absolute' | 'blame' | 'trait'
export type HintLanguage = 'en' | 'es'

export interface WordingPattern {
  kind: HintKind
  language: HintLanguage
  /** A regular-expression source over normalised text, without boundaries. */
  source: string
}

const apostrophe = "'?"

const englishTraits = [
  'lazy',
  'selfish',
  'crazy',
  'careless',
  'irresponsible',
  'useless',
  'inconsiderate',
  'hopeless',
]
const spanishTraits = [
  'flojo',
  'floja',
  'vago',
  'vaga',
  'egoista',
  'loco',
  'loca',
  'descuidado',
  'descuidada',
  'irresponsable',
  'inutil',
  'desconsiderado',
  'desconsiderada',
]

export const wordingPatterns: readonly WordingPattern[] = [
  // English
  {
    kind: 'absolute',
    language: 'en',
    source: 'always|never|every (?:single )?time|all the time|nothing',
  },
  {
    kind: 'blame',
    language: 'en',
    source: `you should|you need to|you have to|you (?:make|made) me|it${apostrophe}s your fault|it is your fault|(?:it was|that${apostrophe}s) your fault`,
  },
  {
    kind: 'trait',
    language: 'en',
    source: `(?:you are|you${apostrophe}re|youre) (?:so |such an? |really |just |being )?(?:${englishTraits.join('|')})`,
  },
  // Spanish
  {
    kind: 'absolute',
    language: 'es',
    // "cada vez más/menos" means "more and more", not "every time".
    source: 'siempre|nunca|jamas|todo el tiempo|cada vez(?! (?:mas|menos)(?![\\p{L}\\p{N}_]))',
  },
  {
    kind: 'blame',
    language: 'es',
    source: 'deberias|tienes que|me (?:haces|hiciste)|(?:es|fue) tu culpa|por tu culpa',
  },
  {
    kind: 'trait',
    language: 'es',
    source: `(?:tu )?eres (?:tan |muy |un |una |un poco )?(?:${spanishTraits.join('|')})`,
  },
]

/** Gentler ways to say it, in the language the words were written in. */
export const suggestions: Record<HintLanguage, Record<HintKind, string>> = {
  en: {
    absolute:
      'Words like this can sound like a verdict. Try describing one time it happened, e.g. “on Tuesday evening, …”.',
    blame: 'This can land as blame. Try starting from your side: “I felt … when … and I would like …”.',
    trait:
      'This names the person rather than what happened. Try describing the behaviour, e.g. “the dishes stayed in the sink on Sunday”.',
  },
  es: {
    absolute:
      'Palabras así pueden sonar a sentencia. Prueba a describir una vez concreta, por ejemplo: “el martes por la noche, …”.',
    blame:
      'Esto puede sentirse como un reproche. Prueba a empezar por lo tuyo: “Me sentí … cuando … y me gustaría …”.',
    trait:
      'Esto describe a la persona y no lo que pasó. Prueba a nombrar la conducta, por ejemplo: “el domingo los platos se quedaron en el fregadero”.',
  },
}
