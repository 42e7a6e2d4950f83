/**
 * @internal Runs tasks one after the other per key (a user, a session): a task starts
 * when the previous task of the same key has settled, whatever its outcome.
 */
export function createKeyedQueue(): <T>(
  key: string,
  task: () => Promise<T>,
) => Promise<T> {
  const tails = new Map<string, Promise<void>>();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => {},
      () => {},
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
