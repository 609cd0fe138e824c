import { Transform } from 'node:stream';
import { AppError } from '../../lib/problem.js';

/** Passes a stream through until `limit` bytes, then fails it with a 413. */
export function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        callback(
          new AppError(
            413,
            'body-too-large',
            'Content Too Large',
            `The import is over ${limit} bytes.`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}
