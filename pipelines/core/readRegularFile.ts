import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";

/** The path is a pipe, a device, a socket or a folder: reading it could hang or never end. */
export class NotRegularFileError extends Error {
  readonly code = "ENOTREG";
  constructor(readonly path: string) {
    super(`${path} is not a regular file`);
    this.name = "NotRegularFileError";
  }
}

/**
 * The bytes of a regular file, and only of one: a FIFO or a device (a package's "table" pointing at
 * /dev/zero, a named pipe) would hang a build forever. Opened without blocking (a FIFO's open waits for
 * a writer otherwise), checked on the open descriptor (no race with a rename), then read.
 */
export const readRegularFile = (path: string): Buffer => {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new NotRegularFileError(path);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
};
