/** MIME parsing, PGP/MIME recognition and MIME building. Wiring only. */
export { MAX_MIME_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS, parseMime, splitMultipart, walkParts, type ContentType, type Disposition, type MimePart } from './parse';
export { headerText, rawHeader, type MimeHeader } from './headers';
export { parseStructured, type Params, type StructuredValue } from './params';
export { decodeEncodedWords } from './encoded-words';
export { decodeText } from './charset';
export { canonicalCrlf } from './canonical';
export { MAX_FILENAME_CHARS, safeFilename } from './filename';
export { classifyMessage, readEncrypted, readSigned, type InlineArmor, type MessageClass, type PgpMimeEncrypted, type PgpMimeSigned } from './pgp-mime';
export { describeDecrypted, type DecryptedContent, type DescribeOptions, type DisplayPart } from './decrypted';
export { buildAttachmentPart, buildEncrypted, buildMixed, buildSigned, buildTextPart, encodeParam, newBoundary, type AttachmentInput } from './build';
