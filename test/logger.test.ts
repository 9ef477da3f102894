// The logger's own rules: pretty only for a terminal, and an outage logged once with its cause, not per attempt.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, createOutageLog, oneLineCause } from "../src/logger.ts";

function memoryLogger(level: "info" | "debug" = "info") {
  let text = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger(level, destination),
    lines: () =>
      text
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: number; msg: string; cause?: string }),
  };
}

/** What node-postgres and Prisma's adapter throw when the server is down: the cause is two levels in. */
function refusedConnection(): Error {
  const system = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const adapter = new Error("Error in connector: error connecting to the database", { cause: system });
  return new Error("\nInvalid `prisma.contentState.findUnique()` invocation:\n\n", { cause: adapter });
}

describe("oneLineCause", () => {
  it("names the system error under Prisma's message, which ends at a colon", () => {
    expect(oneLineCause(refusedConnection())).toBe("connect ECONNREFUSED 127.0.0.1:5432");
  });

  it("keeps a plain error's message and never returns an empty string", () => {
    expect(oneLineCause(new Error("unable to open database file"))).toBe("unable to open database file");
    expect(oneLineCause(new Error(""))).toBe("unknown error");
    expect(oneLineCause("connection closed")).toBe("connection closed");
  });
});

describe("createOutageLog", () => {
  it("logs one warning with the cause, then at most one every 30 s, and the recovery once", () => {
    const { logger, lines } = memoryLogger();
    let now = 0;
    const outage = createOutageLog(logger, { now: () => now });
    // The webhook worker's 250 ms rounds for 65 s of outage: 260 failures.
    for (; now < 65_000; now += 250) outage.failed(refusedConnection());
    outage.succeeded();
    outage.succeeded();
    const logged = lines();
    expect(logged.map((line) => line.level)).toEqual([40, 40, 40, 30]);
    expect(logged[0]).toMatchObject({
      msg: "database unreachable: connect ECONNREFUSED 127.0.0.1:5432",
      cause: "connect ECONNREFUSED 127.0.0.1:5432",
    });
    expect(logged[1]!.msg).toMatch(
      /^database still unreachable after 30 s \(121 failed attempts\): connect ECONNREFUSED/,
    );
    expect(logged[3]!.msg).toBe("database reachable again after 65 s");
    // One line each: no stack.
    expect(JSON.stringify(logged)).not.toContain("    at ");
  });

  it("says nothing while the database answers", () => {
    const { logger, lines } = memoryLogger("debug");
    const outage = createOutageLog(logger);
    outage.succeeded();
    expect(lines()).toEqual([]);
  });
});

describe("createLogger", () => {
  it("writes pino-pretty's lines when asked to (a terminal), not JSON", () => {
    let text = "";
    const destination = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    createLogger("info", destination, { pretty: true }).info({ port: 4000 }, "listening");
    expect(text).toContain("listening");
    expect(text).toMatch(/port: 4000/);
    expect(() => JSON.parse(text)).toThrow();
  });
});
