// Content trees as the archives a client uploads: made by the real tar from a folder, or assembled header by
// header for what the tools refuse to write (test/releases/archive.test.ts, test/faults/).
import { gzipSync } from "node:zlib";
import { create, Header } from "tar";

/** A tar.gz of the whole folder, as `tar -C dir -czf tree.tgz .` writes it. */
export async function tarGzOfFolder(dir: string): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of create({ gzip: true, cwd: dir, portable: true }, ["."])) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export type RawEntry = { name: string | Uint8Array; type?: string; body?: string | Uint8Array; linkpath?: string };

/** A ustar stream, header by header (POSIX.1 ustar: 512-byte blocks, checksum over the header with its field as spaces). */
export function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? "");
    const block = Buffer.alloc(512);
    new Header({
      path: "placeholder",
      type: (entry.type ?? "File") as "File",
      size: body.length,
      mode: 0o644,
      mtime: new Date(0),
      linkpath: entry.linkpath,
      uid: 0,
      gid: 0,
    }).encode(block, 0);
    block.fill(0, 0, 100);
    Buffer.from(entry.name).copy(block, 0);
    block.fill(0x20, 148, 156);
    const sum = block.reduce((total, byte) => total + byte, 0);
    block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** rawTar, gzipped. */
export function rawTarGz(entries: RawEntry[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(rawTar(entries)));
}
