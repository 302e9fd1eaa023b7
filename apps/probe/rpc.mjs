// Benchmarks only: the probe's module, its object class wrapped as the product's is (see
// crates/edge/js/rpc_object.mjs), so the probe measures the hop both as a fetch and as RPC.
import worker, { ProbeObject as Rust } from "./build/index.js";
import { rpcObject } from "../../crates/edge/js/rpc_object.mjs";

export default worker;
export const ProbeObject = rpcObject(Rust);
