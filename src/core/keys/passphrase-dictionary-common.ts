/**
 * The common zxcvbn dictionary set: the most used passwords, diceware words and keyboard
 * layouts (~0.4 MB). Load with `await import()` so bundles evaluate it only when needed.
 */
import * as common from '@zxcvbn-ts/language-common';
import { zxcvbnDictionary, type PassphraseDictionary } from './passphrase-dictionary';

/** Password lists and keyboard walks; used by the background's floor. */
export const commonDictionary: PassphraseDictionary = zxcvbnDictionary('common', {
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});
