type Waiter<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };

/**
 * One read shared by every caller that asked while the previous one was under way: each caller
 * gets the result of a read sent after it asked (never one sent before, which may miss what it
 * must see), and a crowd of callers costs one read per round trip instead of one each.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let waiting: Waiter<T>[] = [];
  let reading = false;

  async function readForWaiting(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const value = await read();
        for (const waiter of batch) waiter.resolve(value);
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    reading = false;
  }

  return () =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ resolve, reject });
      if (!reading) {
        reading = true;
        void readForWaiting();
      }
    });
}
