/** Key lookup clients (WKD, VKS, HKP) and Autocrypt: pure TypeScript, network through an injected fetch. */
export * from './address';
export * from './autocrypt';
export * from './fetcher';
export * from './found-key';
export * from './hkp';
export * from './hkp-index';
export * from './server-url';
export * from './vks';
export * from './wkd';
export * from './zbase32';
