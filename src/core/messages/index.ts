/** Message operations (wiring only). */
export * from './signature-result';
export { encryptMessage, type EncryptOptions } from './encrypt';
export * from './decrypt';
export * from './sign';
