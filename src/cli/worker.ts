/**
 * The worker of `noshow-policy batch` (a piscina task module): compiles the policy once (see
 * judge.ts) and judges each chunk it is sent, moving the output bytes back (no copy).
 */
import { move, transferableSymbol, valueSymbol, workerData } from "piscina";
import { type BatchChunk, type BatchResult, type BatchSetup, createJudge } from "./judge.js";

const judge = createJudge(workerData as BatchSetup);

/**
 * Judges one chunk.
 *
 * @param chunk - The lines and the number of the first.
 * @returns The chunk's output and counts, its bytes moved to the main thread.
 */
export default function judgeChunk(chunk: BatchChunk): BatchResult {
  const result = judge(chunk);
  // Piscina moves a result given to move() that lists its buffers under transferableSymbol.
  return move({
    get [transferableSymbol]() {
      return [result.out.buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  }) as unknown as BatchResult;
}
