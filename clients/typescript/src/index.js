export { JobvaultClient, isTerminal } from "./client.js";
export { JobvaultError } from "./errors.js";
export { Worker, Snooze, Retry, Fail, Cancel, Stopped } from "./worker.js";
