// Caps the size of a request body before anything reads it (the response cache's key, Yoga's parser).
//
// Yoga's own cap (`maxRequestBodySize`) pipes every body through a TransformStream and a stream pipeline
// that aborts an AbortController when it ends; measured here, that costs ~140 µs per POST, more than
// executing a whole comparison. A declared Content-Length needs no counting: Node's HTTP parser stops a
// body at its declared length and refuses a request that declares both Content-Length and
// Transfer-Encoding. So a declared length is checked once, and only a body without one (chunked) is
// counted while it is read.
import { IncomingMessage } from "node:http";
import type { Plugin } from "graphql-yoga";
import { MAX_UPLOAD_BYTES } from "./releases.ts";
import { codedErrorContentType } from "./rejections.ts";

/** Queries here are small (the token limit is 1,500); only startImport's upload is bigger (requestBodyLimitOf). */
export const MAX_REQUEST_BODY_BYTES = 100_000;

const DECIMAL = /^\d+$/;

function errorResponse(
  fetchAPI: { Response: typeof Response },
  request: Request,
  status: number,
  code: string,
  message: string,
): Response {
  const contentType = codedErrorContentType(request.headers.get("accept"));
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { "content-type": contentType },
  });
}

/**
 * The whole body of a Node request, or null once it passes `maxBytes`. The rest is then read and
 * discarded rather than the socket closed: closing with unread input makes the kernel reset the
 * connection, and the client loses the 413 it was sent. Node's `requestTimeout` bounds an endless one.
 */
export function readNodeBodyAtMost(req: IncomingMessage, maxBytes: number): Promise<Buffer<ArrayBuffer> | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.resume();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** The same for a web stream (`yoga.fetch`, other runtimes): no socket to keep, so it is cancelled. */
async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A multipart POST with a token may carry an upload (startImport's archive, GraphQL multipart request spec)
 * as large as POST /imports takes. Only with a token: a bad one is refused by the authentication plugin
 * before anything parses the body, so an anonymous caller can never make the server hold more than the
 * ordinary limit.
 */
export function requestBodyLimitOf(request: Request): number {
  const multipart = (request.headers.get("content-type") ?? "").trim().toLowerCase().startsWith("multipart/form-data");
  if (!multipart) return MAX_REQUEST_BODY_BYTES;
  // The workbench's release upload likewise, with a session cookie: it reads the body only once the session is found.
  return request.headers.has("authorization") ||
    (request.headers.get("cookie")?.includes("wb_session=") && new URL(request.url).pathname === "/workbench/releases")
    ? MAX_UPLOAD_BYTES
    : MAX_REQUEST_BODY_BYTES;
}

export function useRequestBodyLimit(limit: number | ((request: Request) => number) = requestBodyLimitOf): Plugin {
  return {
    // Synchronous unless there is a body to count: a returned promise costs every GET an extra turn.
    onRequest({ request, serverContext, setRequest, endResponse, fetchAPI }) {
      if (request.method === "GET" || request.method === "HEAD" || !request.body) return;
      const maxBytes = typeof limit === "number" ? limit : limit(request);
      const tooLarge = `The request body is larger than ${maxBytes} bytes.`;
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (!DECIMAL.test(declared)) {
          endResponse(
            errorResponse(
              fetchAPI,
              request,
              400,
              "BAD_REQUEST",
              "The Content-Length header is not a single decimal number.",
            ),
          );
        } else if (Number(declared) > maxBytes) {
          endResponse(errorResponse(fetchAPI, request, 413, "CONTENT_TOO_LARGE", tooLarge));
        }
        return;
      }
      const nodeRequest = (serverContext as { req?: unknown } | undefined)?.req;
      const reading =
        nodeRequest instanceof IncomingMessage
          ? readNodeBodyAtMost(nodeRequest, maxBytes)
          : readAtMost(request.body, maxBytes);
      return reading.then((body) => {
        if (!body) {
          endResponse(errorResponse(fetchAPI, request, 413, "CONTENT_TOO_LARGE", tooLarge));
          return;
        }
        // Everything after this plugin reads the buffered copy, now with its length declared.
        const headers = new fetchAPI.Headers(request.headers);
        headers.set("content-length", String(body.byteLength));
        setRequest(
          new fetchAPI.Request(request.url, { method: request.method, headers, body, signal: request.signal }),
        );
      });
    },
  };
}
