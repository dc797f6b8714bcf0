import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsCertificate {
  readonly key: string;
  readonly cert: string;
}

const VALIDITY_DAYS = 3650;

/**
 * The HTTPS certificate kept in `dir` (`key.pem`, `cert.pem`): made self-signed at first start
 * and reused afterwards. A missing, unreadable, mismatched or expired pair is made anew.
 */
export async function loadOrCreateCertificate(dir: string): Promise<TlsCertificate> {
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  const existing = await readPair(keyPath, certPath);
  if (existing) return existing;

  const created = await createCertificate();
  await mkdir(dir, { recursive: true });
  // Each file appears whole (write aside, then rename); the key is readable by its owner only.
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  await writeFile(keyPath + suffix, created.key, { mode: 0o600 });
  await writeFile(certPath + suffix, created.cert, { mode: 0o644 });
  await rename(keyPath + suffix, keyPath);
  await rename(certPath + suffix, certPath);
  // Another process starting at the same moment may have written its own pair meanwhile.
  return (await readPair(keyPath, certPath)) ?? created;
}

async function readPair(keyPath: string, certPath: string): Promise<TlsCertificate | undefined> {
  try {
    const [key, cert] = await Promise.all([readFile(keyPath, "utf8"), readFile(certPath, "utf8")]);
    const certificate = new X509Certificate(cert);
    const usable = certificate.checkPrivateKey(createPrivateKey(key)) && new Date(certificate.validTo) > new Date();
    return usable ? { key, cert } : undefined;
  } catch {
    return undefined;
  }
}

async function createCertificate(): Promise<TlsCertificate> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
