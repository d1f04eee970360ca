import net from "node:net";
import os from "node:os";

/** A bench's options, or the exit code once usage (0) or a bad flag with the usage (2) is printed. */
export function readOptions<T>(parse: () => T | "help", usage: string): T | number {
  let options: T | "help";
  try {
    options = parse();
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    return 2;
  }
  if (options === "help") {
    console.log(usage);
    return 0;
  }
  return options;
}

/** Says so when the machine is busy: the figures will be low. */
export function warnIfBusy(progress: (message: string) => void) {
  const [load = 0] = os.loadavg();
  if (load > os.cpus().length / 2) {
    progress(
      `warning: load average ${load.toFixed(2)} on ${os.cpus().length} cores; the figures will be low`,
    );
  }
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
