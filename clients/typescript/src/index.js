export { JobvaultClient, isTerminal } from "./client.js";
export { JobvaultError } from "./errors.js";
