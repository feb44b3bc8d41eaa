/**
 * A refusal of a directory route. VKS answers `{"error": "<message>"}` (the
 * keys.openpgp.org shape), HKP and WKD answer plain text: each route module maps it.
 */
export class DirectoryError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'DirectoryError';
  }
}
