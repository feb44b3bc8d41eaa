/** Real armor made once with gpg 2.2 (symmetric message: passphrase 'pw'; cleartext signed by PUBLIC_KEY). */

export const MESSAGE_PASSPHRASE = 'pw';

export const MESSAGE = `-----BEGIN PGP MESSAGE-----

jA0ECQMCKs9TXsBHfMr/0lYBX9kOR2J5WKB0QBFNKkOzHz0OsqhE4CLSg3bPD60q
so6eS5Argjd49HpCcuMfGQjvz2HaLuB0Cq0Izoj9yPvPwdeEXJuL4kOgKOF1Zh92
ywbHmZESOg==
=6YQt
-----END PGP MESSAGE-----`;

export const CLEARSIGNED = `-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Signed text line one
- - dash line
- From here on
-----BEGIN PGP SIGNATURE-----

iHUEARYIAB0WIQTbq6iv3xDFzqeCfoB7MNbzRIMK+QUCawn3RQAKCRB7MNbzRIMK
+SkjAP9zY2BRmR/KqnVSQaVljo2UZqph1Sf+Sm511YpDo7C/AwD8CKIm/4cBsno5
InPmZMHGn+ij5gWZHZBmV27AU/z8PAs=
=1ZyE
-----END PGP SIGNATURE-----`;

export const PUBLIC_KEY = `-----BEGIN PGP PUBLIC KEY BLOCK-----

mDMEawn3QhYJKwYBBAHaRw8BAQdA1NHRbmQEzOXNYke/U25VzRxBUQ0ZRt/gvihu
D8RoHxq0IUFsaWNlIEZpeHR1cmUgPGFsaWNlQGV4YW1wbGUub3JnPoiQBBMWCAA4
FiEE26uor98Qxc6ngn6AezDW80SDCvkFAmsJ90ICGwMFCwkIBwIGFQoJCAsCBBYC
AwECHgECF4AACgkQezDW80SDCvmGcwEA+HBnijpflK5eCafphH1eZcBm710wnlzb
Azhm32kB1MYBAM3Qph0VD/gzwGnEmdDhh+K5sIdn6KrEvfAjkre6BdsG
=h8el
-----END PGP PUBLIC KEY BLOCK-----`;

