/** Armor detection and repair for text from web pages and mail bodies. Wiring only. */
export type { ArmorKind } from './lines';
export { MAX_ARMOR_CHARS, normaliseArmor, type NormalisedArmor } from './normalise';
export { MAX_BLOCKS, findArmoredBlocks, scanArmoredBlocks, type ArmoredBlock, type ArmorScan, type FindArmorOptions } from './detect';
export { joinEditorLines, splitForEditor, type EditorLineOptions } from './html-text';
