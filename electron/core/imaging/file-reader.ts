import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads parts of files into one buffer that is reused, read after read. A
 * folder of 300 slices then costs no fresh allocations (whose page faults
 * took as long as decoding); a view it returns is valid until the next read.
 * One reader per import: concurrent imports must not share it.
 */
export class FileReader {
  private buffer = Buffer.alloc(64 * 1024);

  /** The first `length` bytes of a file (fewer if it is shorter), and its size. */
  head(file: string, length: number): { bytes: Uint8Array; size: number } {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      return { bytes: this.readFd(fd, 0, Math.min(length, size)), size };
    } finally {
      closeSync(fd);
    }
  }

  /** `length` bytes from `offset`; throws if the file is shorter. */
  range(file: string, offset: number, length: number): Uint8Array {
    const fd = openSync(file, 'r');
    try {
      const bytes = this.readFd(fd, offset, length);
      if (bytes.length < length) throw new Error(`file ended after ${offset + bytes.length} bytes, ${offset + length} needed`);
      return bytes;
    } finally {
      closeSync(fd);
    }
  }

  private readFd(fd: number, offset: number, length: number): Uint8Array {
    if (this.buffer.length < length) this.buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, this.buffer, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return this.buffer.subarray(0, done);
  }
}
