// The module workerd runs for api-multi: worker-build's bundle (the fetch handler), and the
// Durable Object class wrapped so that it serves JS RPC (see crates/edge/js/rpc_object.mjs).
import worker, { MeterShard as Rust } from "./build/index.js";
import { rpcObject } from "../../crates/edge/js/rpc_object.mjs";

export default worker;
export const MeterShard = rpcObject(Rust);
