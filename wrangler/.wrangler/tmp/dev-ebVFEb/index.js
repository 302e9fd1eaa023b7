var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// ../apps/api-multi/build/index.js
import { WorkerEntrypoint as Rt } from "cloudflare:workers";
import rt from "./16072bb8ba70095a17e662a8ceb11c5eb01493b0-index_bg.wasm";
var Q = globalThis.__worker_init_state = { criticalError: false, instanceId: 0 };
var j = class {
  static {
    __name(this, "j");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, lt.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_containerstartupoptions_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  get enableInternet() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_containerstartupoptions_enableInternet(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t === 16777215 ? void 0 : t !== 0;
  }
  get entrypoint() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_containerstartupoptions_entrypoint(this.__wbg_ptr);
    } catch (n) {
      u(n);
    }
    var e = Et(t[0], t[1]);
    return i.__wbindgen_free(t[0], t[1] * 4, 4), e;
  }
  get env() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_containerstartupoptions_env(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t;
  }
  set enableInternet(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), f(t) || w(t), a();
    try {
      i.__wbg_set_containerstartupoptions_enableInternet(this.__wbg_ptr, f(t) ? 16777215 : t ? 1 : 0);
    } catch (e) {
      u(e);
    }
  }
  set entrypoint(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), yt(t);
    let e = xt(t, i.__wbindgen_malloc), n = y;
    a();
    try {
      i.__wbg_set_containerstartupoptions_entrypoint(this.__wbg_ptr, e, n);
    } catch (o) {
      u(o);
    }
  }
  set env(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), a();
    try {
      i.__wbg_set_containerstartupoptions_env(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
};
Symbol.dispose && (j.prototype[Symbol.dispose] = j.prototype.free);
var q = class {
  static {
    __name(this, "q");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, ht.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_intounderlyingbytesource_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  get autoAllocateChunkSize() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.intounderlyingbytesource_autoAllocateChunkSize(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t >>> 0;
  }
  cancel() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    let t;
    try {
      t = this.__destroy_into_raw(), s(t);
    } catch (e) {
      throw t && i.__wbg_intounderlyingbytesource_free(t, 1), e;
    }
    a();
    try {
      i.intounderlyingbytesource_cancel(t);
    } catch (e) {
      u(e);
    }
  }
  pull(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let e;
    a();
    try {
      e = i.intounderlyingbytesource_pull(this.__wbg_ptr, t);
    } catch (n) {
      u(n);
    }
    return e;
  }
  start(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), a();
    try {
      i.intounderlyingbytesource_start(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
  get type() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.intounderlyingbytesource_type(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return wt[t];
  }
};
Symbol.dispose && (q.prototype[Symbol.dispose] = q.prototype.free);
var L = class {
  static {
    __name(this, "L");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, mt.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_intounderlyingsink_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  abort(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    let e;
    try {
      e = this.__destroy_into_raw(), s(e);
    } catch (o) {
      throw e && i.__wbg_intounderlyingsink_free(e, 1), o;
    }
    let n;
    a();
    try {
      n = i.intounderlyingsink_abort(e, t);
    } catch (o) {
      u(o);
    }
    return n;
  }
  close() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    let t;
    try {
      t = this.__destroy_into_raw(), s(t);
    } catch (n) {
      throw t && i.__wbg_intounderlyingsink_free(t, 1), n;
    }
    let e;
    a();
    try {
      e = i.intounderlyingsink_close(t);
    } catch (n) {
      u(n);
    }
    return e;
  }
  write(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let e;
    a();
    try {
      e = i.intounderlyingsink_write(this.__wbg_ptr, t);
    } catch (n) {
      u(n);
    }
    return e;
  }
};
Symbol.dispose && (L.prototype[Symbol.dispose] = L.prototype.free);
var M = class r {
  static {
    __name(this, "r");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  static __wrap(t) {
    let e = Object.create(r.prototype);
    return e.__wbg_ptr = t, Object.defineProperty(e, "__wbg_inst", { value: c, writable: true }), Y.register(e, { ptr: t, instance: c }, e), e;
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, Y.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_intounderlyingsource_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  cancel() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    let t;
    try {
      t = this.__destroy_into_raw(), s(t);
    } catch (e) {
      throw t && i.__wbg_intounderlyingsource_free(t, 1), e;
    }
    a();
    try {
      i.intounderlyingsource_cancel(t);
    } catch (e) {
      u(e);
    }
  }
  pull(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let e;
    a();
    try {
      e = i.intounderlyingsource_pull(this.__wbg_ptr, t);
    } catch (n) {
      u(n);
    }
    return e;
  }
};
Symbol.dispose && (M.prototype[Symbol.dispose] = M.prototype.free);
var R = class {
  static {
    __name(this, "R");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, Z.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_metershard_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  alarm() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.metershard_alarm(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t;
  }
  connect(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let e;
    a();
    try {
      e = i.metershard_connect(this.__wbg_ptr, t);
    } catch (n) {
      u(n);
    }
    return e;
  }
  fetch(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let e;
    a();
    try {
      e = i.metershard_fetch(this.__wbg_ptr, t);
    } catch (n) {
      u(n);
    }
    return e;
  }
  constructor(t, e) {
    let n;
    a();
    try {
      n = i.metershard_new(t, e);
    } catch (o) {
      u(o);
    }
    return this.__wbg_ptr = n, Object.defineProperty(this, "__wbg_inst", { value: c, writable: true }), Z.register(this, { ptr: n, instance: c }, this), this;
  }
  webSocketClose(t, e, n, o) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), s(e), w(o);
    let b = +e, g = +o, d = x(n, i.__wbindgen_malloc, i.__wbindgen_realloc), h = y, A;
    a();
    try {
      A = i.metershard_webSocketClose(this.__wbg_ptr, t, b, d, h, g);
    } catch (S) {
      u(S);
    }
    return A;
  }
  webSocketError(t, e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let n;
    a();
    try {
      n = i.metershard_webSocketError(this.__wbg_ptr, t, e);
    } catch (o) {
      u(o);
    }
    return n;
  }
  webSocketMessage(t, e) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let n;
    a();
    try {
      n = i.metershard_webSocketMessage(this.__wbg_ptr, t, e);
    } catch (o) {
      u(o);
    }
    return n;
  }
};
Symbol.dispose && (R.prototype[Symbol.dispose] = R.prototype.free);
var I = class r2 {
  static {
    __name(this, "r");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  static __wrap(t) {
    let e = Object.create(r2.prototype);
    return e.__wbg_ptr = t, Object.defineProperty(e, "__wbg_inst", { value: c, writable: true }), tt.register(e, { ptr: t, instance: c }, e), e;
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, tt.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_minifyconfig_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  get css() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_minifyconfig_css(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t !== 0;
  }
  get html() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_minifyconfig_html(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t !== 0;
  }
  get js() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_minifyconfig_js(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t !== 0;
  }
  set css(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), w(t), a();
    try {
      i.__wbg_set_minifyconfig_css(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
  set html(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), w(t), a();
    try {
      i.__wbg_set_minifyconfig_html(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
  set js(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), w(t), a();
    try {
      i.__wbg_set_minifyconfig_js(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
};
Symbol.dispose && (I.prototype[Symbol.dispose] = I.prototype.free);
var k = class {
  static {
    __name(this, "k");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, pt.unregister(this), t;
  }
  free() {
    let t = this.__destroy_into_raw();
    a();
    try {
      i.__wbg_r2range_free(t, 0);
    } catch (e) {
      u(e);
    }
  }
  get length() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_r2range_length(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t[0] === 0 ? void 0 : t[1];
  }
  get offset() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_r2range_offset(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t[0] === 0 ? void 0 : t[1];
  }
  get suffix() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr);
    let t;
    a();
    try {
      t = i.__wbg_get_r2range_suffix(this.__wbg_ptr);
    } catch (e) {
      u(e);
    }
    return t[0] === 0 ? void 0 : t[1];
  }
  set length(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), f(t) || s(t), a();
    try {
      i.__wbg_set_r2range_length(this.__wbg_ptr, !f(t), f(t) ? 0 : t);
    } catch (e) {
      u(e);
    }
  }
  set offset(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), f(t) || s(t), a();
    try {
      i.__wbg_set_r2range_offset(this.__wbg_ptr, !f(t), f(t) ? 0 : t);
    } catch (e) {
      u(e);
    }
  }
  set suffix(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), f(t) || s(t), a();
    try {
      i.__wbg_set_r2range_suffix(this.__wbg_ptr, !f(t), f(t) ? 0 : t);
    } catch (e) {
      u(e);
    }
  }
};
Symbol.dispose && (k.prototype[Symbol.dispose] = k.prototype.free);
function $() {
  c++, E = null, W = null, O = null, typeof numBytesDecoded < "u" && (numBytesDecoded = 0), typeof y < "u" && (y = 0), J = false, B = false, V = new WebAssembly.Instance(rt, it()), i = V.exports, i.__wbindgen_start();
}
__name($, "$");
function _t() {
  let r3;
  a();
  try {
    r3 = i.__worker_init_state();
  } catch (t) {
    u(t);
  }
  return r3;
}
__name(_t, "_t");
function ot(r3, t, e) {
  let n;
  a();
  try {
    n = i.fetch(r3, t, e);
  } catch (o) {
    u(o);
  }
  return n;
}
__name(ot, "ot");
function it() {
  return { __proto__: null, "./index_bg.js": { __proto__: null, __wbg_Error_208446807d0d1e30: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return Error(m(t, e));
    }, arguments);
  }, "__wbg_Error_208446807d0d1e30"), __wbg_String_8564e559799eccda: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let n = String(e), o = x(n, i.__wbindgen_malloc, i.__wbindgen_realloc), b = y;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_String_8564e559799eccda"), __wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef: /* @__PURE__ */ __name(function(t, e) {
    let n = e, o = typeof n == "bigint" ? n : void 0;
    f(o) || vt(o), l().setBigInt64((t >>> 0) + 8, f(o) ? BigInt(0) : o, true), l().setInt32((t >>> 0) + 0, !f(o), true);
  }, "__wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef"), __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: /* @__PURE__ */ __name(function(t) {
    let e = t, n = typeof e == "boolean" ? e : void 0;
    return f(n) || w(n), f(n) ? 16777215 : n ? 1 : 0;
  }, "__wbg___wbindgen_boolean_get_4f1baf9a00be3c74"), __wbg___wbindgen_debug_string_f249a2a76caa9a55: /* @__PURE__ */ __name(function(t, e) {
    let n = ct(e), o = x(n, i.__wbindgen_malloc, i.__wbindgen_realloc), b = y;
    l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
  }, "__wbg___wbindgen_debug_string_f249a2a76caa9a55"), __wbg___wbindgen_in_3f58a9d3b3a7eed2: /* @__PURE__ */ __name(function(t, e) {
    let n = t in e;
    return w(n), n;
  }, "__wbg___wbindgen_in_3f58a9d3b3a7eed2"), __wbg___wbindgen_is_bigint_5fa10641e039d3ef: /* @__PURE__ */ __name(function(t) {
    let e = typeof t == "bigint";
    return w(e), e;
  }, "__wbg___wbindgen_is_bigint_5fa10641e039d3ef"), __wbg___wbindgen_is_function_741ff2bb612836f5: /* @__PURE__ */ __name(function(t) {
    let e = typeof t == "function";
    return w(e), e;
  }, "__wbg___wbindgen_is_function_741ff2bb612836f5"), __wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae: /* @__PURE__ */ __name(function(t) {
    let e = t == null;
    return w(e), e;
  }, "__wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae"), __wbg___wbindgen_is_object_8b968c3ab8e96595: /* @__PURE__ */ __name(function(t) {
    let e = t, n = typeof e == "object" && e !== null;
    return w(n), n;
  }, "__wbg___wbindgen_is_object_8b968c3ab8e96595"), __wbg___wbindgen_is_string_fc456fee5d3317de: /* @__PURE__ */ __name(function(t) {
    let e = typeof t == "string";
    return w(e), e;
  }, "__wbg___wbindgen_is_string_fc456fee5d3317de"), __wbg___wbindgen_is_undefined_be5b34249ff1fc15: /* @__PURE__ */ __name(function(t) {
    let e = t === void 0;
    return w(e), e;
  }, "__wbg___wbindgen_is_undefined_be5b34249ff1fc15"), __wbg___wbindgen_jsval_eq_38d7bfbe4cc84039: /* @__PURE__ */ __name(function(t, e) {
    let n = t === e;
    return w(n), n;
  }, "__wbg___wbindgen_jsval_eq_38d7bfbe4cc84039"), __wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36: /* @__PURE__ */ __name(function(t, e) {
    let n = t == e;
    return w(n), n;
  }, "__wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36"), __wbg___wbindgen_number_get_934b640d0889af78: /* @__PURE__ */ __name(function(t, e) {
    let n = e, o = typeof n == "number" ? n : void 0;
    f(o) || s(o), l().setFloat64((t >>> 0) + 8, f(o) ? 0 : o, true), l().setInt32((t >>> 0) + 0, !f(o), true);
  }, "__wbg___wbindgen_number_get_934b640d0889af78"), __wbg___wbindgen_reinit_2fe0d0b9c1cc3c21: /* @__PURE__ */ __name(function() {
    B = true;
  }, "__wbg___wbindgen_reinit_2fe0d0b9c1cc3c21"), __wbg___wbindgen_string_get_7ce8eee7fd327545: /* @__PURE__ */ __name(function(t, e) {
    let n = e, o = typeof n == "string" ? n : void 0;
    var b = f(o) ? 0 : x(o, i.__wbindgen_malloc, i.__wbindgen_realloc), g = y;
    l().setInt32((t >>> 0) + 4, g, true), l().setInt32((t >>> 0) + 0, b, true);
  }, "__wbg___wbindgen_string_get_7ce8eee7fd327545"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(t, e) {
    throw new WebAssembly.Exception(N, [new Error(m(t, e))]);
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbg__wbg_cb_unref_09736879a3f67559: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      t._wbg_cb_unref();
    }, arguments);
  }, "__wbg__wbg_cb_unref_09736879a3f67559"), __wbg_append_ba9a4dc30a0323fd: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n, o, b) {
      t.append(m(e, n), m(o, b));
    }, arguments);
  }, "__wbg_append_ba9a4dc30a0323fd"), __wbg_body_0da01a9a056907d8: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.body;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_body_0da01a9a056907d8"), __wbg_body_b86ad4fe78cc379c: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.body;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_body_b86ad4fe78cc379c"), __wbg_buffer_aca05a93c046db1a: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.buffer;
    }, arguments);
  }, "__wbg_buffer_aca05a93c046db1a"), __wbg_byobRequest_18280c78e462544c: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.byobRequest;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_byobRequest_18280c78e462544c"), __wbg_byteLength_c5f3c188d5252e5b: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.byteLength;
      return s(e), e;
    }, arguments);
  }, "__wbg_byteLength_c5f3c188d5252e5b"), __wbg_byteOffset_63cdc7b38f33a45e: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.byteOffset;
      return s(e), e;
    }, arguments);
  }, "__wbg_byteOffset_63cdc7b38f33a45e"), __wbg_call_275b78b3b6520b92: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n, o, b) {
      return t.call(e, n, o, b);
    }, arguments);
  }, "__wbg_call_275b78b3b6520b92"), __wbg_call_40b008ba32f73991: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t.call(e);
    }, arguments);
  }, "__wbg_call_40b008ba32f73991"), __wbg_call_a410eb4b59ed5965: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return t.call(e, n);
    }, arguments);
  }, "__wbg_call_a410eb4b59ed5965"), __wbg_call_fc92fee6137d452d: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n, o) {
      return t.call(e, n, o);
    }, arguments);
  }, "__wbg_call_fc92fee6137d452d"), __wbg_cancel_b195250778e9d8e7: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.cancel();
    }, arguments);
  }, "__wbg_cancel_b195250778e9d8e7"), __wbg_catch_fd4c7ea14fde9d83: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t.catch(e);
    }, arguments);
  }, "__wbg_catch_fd4c7ea14fde9d83"), __wbg_cause_4cdda1b55a30b227: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.cause;
    }, arguments);
  }, "__wbg_cause_4cdda1b55a30b227"), __wbg_cf_3eef96d446a499c0: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.cf;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_cf_3eef96d446a499c0"), __wbg_cf_e4bf1d08e9961dec: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.cf;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_cf_e4bf1d08e9961dec"), __wbg_close_294d3f727cb7a844: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      t.close();
    }, arguments);
  }, "__wbg_close_294d3f727cb7a844"), __wbg_close_bf94aa7e38b9a94b: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      t.close();
    }, arguments);
  }, "__wbg_close_bf94aa7e38b9a94b"), __wbg_constructor_76ad3e2c50d259de: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.constructor;
    }, arguments);
  }, "__wbg_constructor_76ad3e2c50d259de"), __wbg_crypto_23f565a907d30078: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.crypto;
    }, arguments);
  }, "__wbg_crypto_23f565a907d30078"), __wbg_debug_29e5044b8c3730bb: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      console.debug(t);
    }, arguments);
  }, "__wbg_debug_29e5044b8c3730bb"), __wbg_done_57e08d0be6e30c02: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.done;
      return w(e), e;
    }, arguments);
  }, "__wbg_done_57e08d0be6e30c02"), __wbg_enqueue_c11626eae1c54509: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.enqueue(e);
    }, arguments);
  }, "__wbg_enqueue_c11626eae1c54509"), __wbg_entries_7bb1459bd9b5c2b9: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return Object.entries(t);
    }, arguments);
  }, "__wbg_entries_7bb1459bd9b5c2b9"), __wbg_entries_fb0b3ba27a6e0bf7: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.entries();
    }, arguments);
  }, "__wbg_entries_fb0b3ba27a6e0bf7"), __wbg_error_9b95f63d905893d2: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      console.error(t, e);
    }, arguments);
  }, "__wbg_error_9b95f63d905893d2"), __wbg_error_d1fc0193610e0e39: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      console.error(t);
    }, arguments);
  }, "__wbg_error_d1fc0193610e0e39"), __wbg_exec_85b624bc72d8a6f2: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n, o) {
      return t.exec(m(e, n), ...o);
    }, arguments);
  }, "__wbg_exec_85b624bc72d8a6f2"), __wbg_fetch_58e62838507dad34: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t.fetch(e);
    }, arguments);
  }, "__wbg_fetch_58e62838507dad34"), __wbg_fetch_8991a6a8ea67c83b: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n, o) {
      return t.fetch(m(e, n), o);
    }, arguments);
  }, "__wbg_fetch_8991a6a8ea67c83b"), __wbg_fetch_a416b432a33cc077: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return t.fetch(e, n);
    }, arguments);
  }, "__wbg_fetch_a416b432a33cc077"), __wbg_getByName_54117a7a05bfab4a: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return t.getByName(m(e, n));
    }, arguments);
  }, "__wbg_getByName_54117a7a05bfab4a"), __wbg_getRandomValues_d2908e0b99612b91: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.getRandomValues(e);
    }, arguments);
  }, "__wbg_getRandomValues_d2908e0b99612b91"), __wbg_getReader_3b3096cf504fce5e: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.getReader();
    }, arguments);
  }, "__wbg_getReader_3b3096cf504fce5e"), __wbg_getTime_edc91481cbc4cd78: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.getTime();
    }, arguments);
  }, "__wbg_getTime_edc91481cbc4cd78"), __wbg_get_0ae635d02d232017: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let n = Reflect.get(t, e);
      return f(n) ? 0 : p(n);
    }, arguments);
  }, "__wbg_get_0ae635d02d232017"), __wbg_get_2080c49015e35254: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return Reflect.get(t, e);
    }, arguments);
  }, "__wbg_get_2080c49015e35254"), __wbg_get_635eea311fa1a291: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return Reflect.get(t, e);
    }, arguments);
  }, "__wbg_get_635eea311fa1a291"), __wbg_get_d7176cfb76d71114: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t[e >>> 0];
    }, arguments);
  }, "__wbg_get_d7176cfb76d71114"), __wbg_get_done_3bf2b4a34e149301: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.done;
      return f(e) || w(e), f(e) ? 16777215 : e ? 1 : 0;
    }, arguments);
  }, "__wbg_get_done_3bf2b4a34e149301"), __wbg_get_unchecked_e6325ad374eff861: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t[e >>> 0];
    }, arguments);
  }, "__wbg_get_unchecked_e6325ad374eff861"), __wbg_get_value_9454480da7066d61: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.value;
    }, arguments);
  }, "__wbg_get_value_9454480da7066d61"), __wbg_get_with_ref_key_fc601247060b7204: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t[e];
    }, arguments);
  }, "__wbg_get_with_ref_key_fc601247060b7204"), __wbg_headers_5fc0106c076eb731: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.headers;
    }, arguments);
  }, "__wbg_headers_5fc0106c076eb731"), __wbg_headers_9ef80dd266706f48: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.headers;
    }, arguments);
  }, "__wbg_headers_9ef80dd266706f48"), __wbg_httpProtocol_6011257fd0ac239e: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let n = e.httpProtocol, o = x(n, i.__wbindgen_malloc, i.__wbindgen_realloc), b = y;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_httpProtocol_6011257fd0ac239e"), __wbg_instanceId_65a51bedfd10160a: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.instanceId;
      return s(e), e;
    }, arguments);
  }, "__wbg_instanceId_65a51bedfd10160a"), __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof ArrayBuffer;
      } catch {
        e = false;
      }
      let n = e;
      return w(n), n;
    }, arguments);
  }, "__wbg_instanceof_ArrayBuffer_12cdaa4161423e6b"), __wbg_instanceof_Error_74e3cca0c4a69161: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof Error;
      } catch {
        e = false;
      }
      let n = e;
      return w(n), n;
    }, arguments);
  }, "__wbg_instanceof_Error_74e3cca0c4a69161"), __wbg_instanceof_Map_0b4fc8b62e73f163: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof Map;
      } catch {
        e = false;
      }
      let n = e;
      return w(n), n;
    }, arguments);
  }, "__wbg_instanceof_Map_0b4fc8b62e73f163"), __wbg_instanceof_ReadableStream_ac28304925ec0f96: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof ReadableStream;
      } catch {
        e = false;
      }
      let n = e;
      return w(n), n;
    }, arguments);
  }, "__wbg_instanceof_ReadableStream_ac28304925ec0f96"), __wbg_instanceof_Response_5b0b4f7f1daeae51: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof Response;
      } catch {
        e = false;
      }
      let n = e;
      return w(n), n;
    }, arguments);
  }, "__wbg_instanceof_Response_5b0b4f7f1daeae51"), __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof Uint8Array;
      } catch {
        e = false;
      }
      let n = e;
      return w(n), n;
    }, arguments);
  }, "__wbg_instanceof_Uint8Array_d7aeb0dcb3108fea"), __wbg_isArray_bcf1376d0d732d08: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = Array.isArray(t);
      return w(e), e;
    }, arguments);
  }, "__wbg_isArray_bcf1376d0d732d08"), __wbg_isSafeInteger_1a35ba4d31e71d38: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = Number.isSafeInteger(t);
      return w(e), e;
    }, arguments);
  }, "__wbg_isSafeInteger_1a35ba4d31e71d38"), __wbg_iterator_e4c5e8f68ada7b58: /* @__PURE__ */ __name(function() {
    return _(function() {
      return Symbol.iterator;
    }, arguments);
  }, "__wbg_iterator_e4c5e8f68ada7b58"), __wbg_json_69a74e9055460dab: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.json();
    }, arguments);
  }, "__wbg_json_69a74e9055460dab"), __wbg_keys_296846770c088f87: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.keys();
    }, arguments);
  }, "__wbg_keys_296846770c088f87"), __wbg_length_186163212ffe79c3: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.length;
      return s(e), e;
    }, arguments);
  }, "__wbg_length_186163212ffe79c3"), __wbg_length_b03a0fabb109b1e9: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.length;
      return s(e), e;
    }, arguments);
  }, "__wbg_length_b03a0fabb109b1e9"), __wbg_message_43d8c8f1d543a349: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.message;
    }, arguments);
  }, "__wbg_message_43d8c8f1d543a349"), __wbg_method_3d406ebab4dd9853: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let n = e.method, o = x(n, i.__wbindgen_malloc, i.__wbindgen_realloc), b = y;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_method_3d406ebab4dd9853"), __wbg_minifyconfig_new: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return I.__wrap(t);
    }, arguments);
  }, "__wbg_minifyconfig_new"), __wbg_msCrypto_d5f06fad6bf1409b: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.msCrypto;
    }, arguments);
  }, "__wbg_msCrypto_d5f06fad6bf1409b"), __wbg_name_d1fa514fdca6a975: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.name;
    }, arguments);
  }, "__wbg_name_d1fa514fdca6a975"), __wbg_name_fd11f69c917c5670: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.name;
    }, arguments);
  }, "__wbg_name_fd11f69c917c5670"), __wbg_new_0_36d738a0c8cfac43: /* @__PURE__ */ __name(function() {
    return _(function() {
      return /* @__PURE__ */ new Date();
    }, arguments);
  }, "__wbg_new_0_36d738a0c8cfac43"), __wbg_new_13de428334042d26: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return new Uint8Array(t);
    }, arguments);
  }, "__wbg_new_13de428334042d26"), __wbg_new_277c27c26f94cbc2: /* @__PURE__ */ __name(function() {
    return _(function() {
      return new Headers();
    }, arguments);
  }, "__wbg_new_277c27c26f94cbc2"), __wbg_new_37eb45aaf5eeb820: /* @__PURE__ */ __name(function() {
    return _(function() {
      return new Array();
    }, arguments);
  }, "__wbg_new_37eb45aaf5eeb820"), __wbg_new_7075786089b89c5e: /* @__PURE__ */ __name(function() {
    return _(function() {
      return /* @__PURE__ */ new Map();
    }, arguments);
  }, "__wbg_new_7075786089b89c5e"), __wbg_new_787b9fb330d55d78: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return new Error(m(t, e));
    }, arguments);
  }, "__wbg_new_787b9fb330d55d78"), __wbg_new_cd4348290afae586: /* @__PURE__ */ __name(function() {
    return _(function() {
      return new Object();
    }, arguments);
  }, "__wbg_new_cd4348290afae586"), __wbg_new_typed_e09da9dae6ee5935: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      try {
        var n = { a: t, b: e }, o = /* @__PURE__ */ __name((g, d) => {
          let h = n.a;
          n.a = 0;
          try {
            return gt(h, n.b, g, d);
          } finally {
            n.a = h;
          }
        }, "o");
        return new Promise(o);
      } finally {
        n.a = 0;
      }
    }, arguments);
  }, "__wbg_new_typed_e09da9dae6ee5935"), __wbg_new_with_byte_offset_and_length_3cd32055a417f095: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return new Uint8Array(t, e >>> 0, n >>> 0);
    }, arguments);
  }, "__wbg_new_with_byte_offset_and_length_3cd32055a417f095"), __wbg_new_with_into_underlying_source_ba3944e7f4c9d0c3: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return new ReadableStream(M.__wrap(t), e);
    }, arguments);
  }, "__wbg_new_with_into_underlying_source_ba3944e7f4c9d0c3"), __wbg_new_with_length_01b143a7e5dd5a3e: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return new Uint8Array(t >>> 0);
    }, arguments);
  }, "__wbg_new_with_length_01b143a7e5dd5a3e"), __wbg_new_with_opt_buffer_source_and_init_efb63b64b37a12c7: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return new Response(t, e);
    }, arguments);
  }, "__wbg_new_with_opt_buffer_source_and_init_efb63b64b37a12c7"), __wbg_new_with_opt_readable_stream_and_init_383c64eccf9e9cc7: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return new Response(t, e);
    }, arguments);
  }, "__wbg_new_with_opt_readable_stream_and_init_383c64eccf9e9cc7"), __wbg_new_with_opt_str_and_init_6456bed24baae6fc: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return new Response(t === 0 ? void 0 : m(t, e), n);
    }, arguments);
  }, "__wbg_new_with_opt_str_and_init_6456bed24baae6fc"), __wbg_new_with_str_and_init_d9f6b5611184e16b: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return new Request(m(t, e), n);
    }, arguments);
  }, "__wbg_new_with_str_and_init_d9f6b5611184e16b"), __wbg_next_178c1651c11432b3: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.next;
    }, arguments);
  }, "__wbg_next_178c1651c11432b3"), __wbg_next_af5ac6a08bb0a717: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.next();
    }, arguments);
  }, "__wbg_next_af5ac6a08bb0a717"), __wbg_node_86166ff8ce1f2002: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.node;
    }, arguments);
  }, "__wbg_node_86166ff8ce1f2002"), __wbg_process_91f425a63f58e399: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.process;
    }, arguments);
  }, "__wbg_process_91f425a63f58e399"), __wbg_prototypesetcall_13162965d1fe7aa3: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      Uint8Array.prototype.set.call(U(t, e), n);
    }, arguments);
  }, "__wbg_prototypesetcall_13162965d1fe7aa3"), __wbg_push_c9f4893fc209f768: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let n = t.push(e);
      return s(n), n;
    }, arguments);
  }, "__wbg_push_c9f4893fc209f768"), __wbg_queueMicrotask_1e8503a8a690f0a3: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.queueMicrotask;
    }, arguments);
  }, "__wbg_queueMicrotask_1e8503a8a690f0a3"), __wbg_queueMicrotask_4a1a4d8dd332373b: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      queueMicrotask(t);
    }, arguments);
  }, "__wbg_queueMicrotask_4a1a4d8dd332373b"), __wbg_randomFillSync_34b023059e3363de: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.randomFillSync(e);
    }, arguments);
  }, "__wbg_randomFillSync_34b023059e3363de"), __wbg_read_e3bea75dace70752: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.read();
    }, arguments);
  }, "__wbg_read_e3bea75dace70752"), __wbg_readable_11d72b62fcfdd1ec: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.readable;
    }, arguments);
  }, "__wbg_readable_11d72b62fcfdd1ec"), __wbg_redirect_9e29dd9d33881cfd: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.redirect;
      return (X.indexOf(e) + 1 || 4) - 1;
    }, arguments);
  }, "__wbg_redirect_9e29dd9d33881cfd"), __wbg_releaseLock_eddf1401c763f0b9: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      t.releaseLock();
    }, arguments);
  }, "__wbg_releaseLock_eddf1401c763f0b9"), __wbg_require_9a7d8cc2e1d275c0: /* @__PURE__ */ __name(function() {
    return _(function() {
      return module.require;
    }, arguments);
  }, "__wbg_require_9a7d8cc2e1d275c0"), __wbg_resolve_dbf78ab4942478b0: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return Promise.resolve(t);
    }, arguments);
  }, "__wbg_resolve_dbf78ab4942478b0"), __wbg_respond_d97c023ee981d1f5: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.respond(e >>> 0);
    }, arguments);
  }, "__wbg_respond_d97c023ee981d1f5"), __wbg_run_5d165842aa3f43db: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      try {
        var o = { a: e, b: n }, b = /* @__PURE__ */ __name(() => {
          let d = o.a;
          o.a = 0;
          try {
            return at(d, o.b);
          } finally {
            o.a = d;
          }
        }, "b");
        let g = t.run(b);
        return w(g), g;
      } finally {
        o.a = 0;
      }
    }, arguments);
  }, "__wbg_run_5d165842aa3f43db"), __wbg_set_2793479888329cb6: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      let o = Reflect.set(t, e, n);
      return w(o), o;
    }, arguments);
  }, "__wbg_set_2793479888329cb6"), __wbg_set_8282f7e0d2d01336: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return t.set(e, n);
    }, arguments);
  }, "__wbg_set_8282f7e0d2d01336"), __wbg_set_bcb0ec2400cfa22e: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n, o, b) {
      t.set(m(e, n), m(o, b));
    }, arguments);
  }, "__wbg_set_bcb0ec2400cfa22e"), __wbg_set_body_877d5251e78ca815: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.body = e;
    }, arguments);
  }, "__wbg_set_body_877d5251e78ca815"), __wbg_set_cache_7a23201e29cbd632: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.cache = dt[e];
    }, arguments);
  }, "__wbg_set_cache_7a23201e29cbd632"), __wbg_set_criticalError_c30445da7038dbf2: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.criticalError = e !== 0;
    }, arguments);
  }, "__wbg_set_criticalError_c30445da7038dbf2"), __wbg_set_d2d33b52458e984a: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      t[e >>> 0] = n;
    }, arguments);
  }, "__wbg_set_d2d33b52458e984a"), __wbg_set_e4b9a833d288759a: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      t[e] = n;
    }, arguments);
  }, "__wbg_set_e4b9a833d288759a"), __wbg_set_feb3714f475485ba: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      t.set(U(e, n));
    }, arguments);
  }, "__wbg_set_feb3714f475485ba"), __wbg_set_headers_07f10dbe49bc0e77: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.headers = e;
    }, arguments);
  }, "__wbg_set_headers_07f10dbe49bc0e77"), __wbg_set_headers_6d75a7df4eb22716: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.headers = e;
    }, arguments);
  }, "__wbg_set_headers_6d75a7df4eb22716"), __wbg_set_high_water_mark_2c2355a75a627679: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.highWaterMark = e;
    }, arguments);
  }, "__wbg_set_high_water_mark_2c2355a75a627679"), __wbg_set_instanceId_6f5f77d81e249b49: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.instanceId = e >>> 0;
    }, arguments);
  }, "__wbg_set_instanceId_6f5f77d81e249b49"), __wbg_set_method_639e69af35614d36: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      t.method = m(e, n);
    }, arguments);
  }, "__wbg_set_method_639e69af35614d36"), __wbg_set_redirect_a95a432ab7d10765: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.redirect = X[e];
    }, arguments);
  }, "__wbg_set_redirect_a95a432ab7d10765"), __wbg_set_signal_0b2eee78907e5ba7: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.signal = e;
    }, arguments);
  }, "__wbg_set_signal_0b2eee78907e5ba7"), __wbg_set_status_bd9dc81d1c17b108: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.status = e;
    }, arguments);
  }, "__wbg_set_status_bd9dc81d1c17b108"), __wbg_signal_b2980930b83811aa: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.signal;
    }, arguments);
  }, "__wbg_signal_b2980930b83811aa"), __wbg_sql_cabda3440c70072f: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.sql;
    }, arguments);
  }, "__wbg_sql_cabda3440c70072f"), __wbg_static_accessor_CREATE_TASK_45d716e1f7bbe15f: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof console > "u" ? void 0 : console?.createTask;
      return f(t) ? 0 : p(t);
    }, arguments);
  }, "__wbg_static_accessor_CREATE_TASK_45d716e1f7bbe15f"), __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof globalThis > "u" ? void 0 : globalThis;
      return f(t) ? 0 : p(t);
    }, arguments);
  }, "__wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc"), __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof global > "u" ? void 0 : global;
      return f(t) ? 0 : p(t);
    }, arguments);
  }, "__wbg_static_accessor_GLOBAL_e4293fb22cbe77da"), __wbg_static_accessor_INIT_STATE_b2269150d11f01e0: /* @__PURE__ */ __name(function() {
    return _(function() {
      return Q;
    }, arguments);
  }, "__wbg_static_accessor_INIT_STATE_b2269150d11f01e0"), __wbg_static_accessor_SELF_53bb20457401453d: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof self > "u" ? void 0 : self;
      return f(t) ? 0 : p(t);
    }, arguments);
  }, "__wbg_static_accessor_SELF_53bb20457401453d"), __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof window > "u" ? void 0 : window;
      return f(t) ? 0 : p(t);
    }, arguments);
  }, "__wbg_static_accessor_WINDOW_b5e0810bfecb7feb"), __wbg_status_cb85b6c8d1769fa1: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.status;
      return s(e), e;
    }, arguments);
  }, "__wbg_status_cb85b6c8d1769fa1"), __wbg_storage_00d86055b2dc3100: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.storage;
    }, arguments);
  }, "__wbg_storage_00d86055b2dc3100"), __wbg_stringify_0a0fbf2ef722380a: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return JSON.stringify(t);
    }, arguments);
  }, "__wbg_stringify_0a0fbf2ef722380a"), __wbg_subarray_58f388a9247ac0bb: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return t.subarray(e >>> 0, n >>> 0);
    }, arguments);
  }, "__wbg_subarray_58f388a9247ac0bb"), __wbg_then_656f253a5dd7d8ea: /* @__PURE__ */ __name(function() {
    return _(function(t, e, n) {
      return t.then(e, n);
    }, arguments);
  }, "__wbg_then_656f253a5dd7d8ea"), __wbg_then_e3f7f2d365708be8: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t.then(e);
    }, arguments);
  }, "__wbg_then_e3f7f2d365708be8"), __wbg_toArray_2757e80d5ccf01a6: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.toArray();
    }, arguments);
  }, "__wbg_toArray_2757e80d5ccf01a6"), __wbg_url_1be993c7b186415b: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let n = e.url, o = x(n, i.__wbindgen_malloc, i.__wbindgen_realloc), b = y;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_url_1be993c7b186415b"), __wbg_value_e0f328965e184931: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.value;
    }, arguments);
  }, "__wbg_value_e0f328965e184931"), __wbg_versions_6e128a981b0df859: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.versions;
    }, arguments);
  }, "__wbg_versions_6e128a981b0df859"), __wbg_view_3b708d3bdaf3fc96: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.view;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_view_3b708d3bdaf3fc96"), __wbg_webSocket_71791e807603b1e4: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.webSocket;
      return f(e) ? 0 : p(e);
    }, arguments);
  }, "__wbg_webSocket_71791e807603b1e4"), __wbg_writable_1924ab50750acb0f: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.writable;
    }, arguments);
  }, "__wbg_writable_1924ab50750acb0f"), __wbindgen_generic_0000000000000001: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return nt(t, e, ft);
    }, arguments);
  }, "__wbindgen_generic_0000000000000001"), __wbindgen_generic_0000000000000002: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return nt(t, e, bt);
    }, arguments);
  }, "__wbindgen_generic_0000000000000002"), __wbindgen_generic_0000000000000003: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t;
    }, arguments);
  }, "__wbindgen_generic_0000000000000003"), __wbindgen_generic_0000000000000004: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t;
    }, arguments);
  }, "__wbindgen_generic_0000000000000004"), __wbindgen_generic_0000000000000005: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return U(t, e);
    }, arguments);
  }, "__wbindgen_generic_0000000000000005"), __wbindgen_generic_0000000000000006: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return m(t, e);
    }, arguments);
  }, "__wbindgen_generic_0000000000000006"), __wbindgen_generic_0000000000000007: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return BigInt.asUintN(64, t);
    }, arguments);
  }, "__wbindgen_generic_0000000000000007"), __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
    let t = i.__wbindgen_externrefs;
    t.set(0, void 0), t.set(1024, void 0), t.set(1025, null), t.set(1026, true), t.set(1027, false);
  }, "__wbindgen_init_externref_table"), __wbindgen_jstag: WebAssembly.JSTag, __wbindgen_rethrow_critical: /* @__PURE__ */ __name(function(t) {
    throw new Error("Critical error", { cause: t });
  }, "__wbindgen_rethrow_critical") } };
}
__name(it, "it");
var N = new WebAssembly.Tag({ parameters: ["externref"] });
var D;
var J = false;
function st() {
  J = true;
  try {
    let r3 = H()[i.__abort_handler.value / 4];
    r3 && i.__wbindgen_export.get(r3)();
  } catch {
  }
}
__name(st, "st");
function u(r3) {
  throw r3 instanceof WebAssembly.Exception && r3.is(N) ? r3.getArg(N, 0) : (H()[D] = 1, st(), r3);
}
__name(u, "u");
function a() {
  if (D ??= i.__instance_terminated.value / 4, H()[D]) {
    if (J || st(), B) {
      $();
      return;
    }
    throw new Error("Module terminated");
  } else B && $();
}
__name(a, "a");
function at(r3, t) {
  s(r3), s(t);
  let e;
  a();
  try {
    e = i.wasm_bindgen__convert__closures_____invoke__h26a3f1727b947843(r3, t);
  } catch (n) {
    u(n);
  }
  return e !== 0;
}
__name(at, "at");
function ft(r3, t, e) {
  s(r3), s(t), a();
  try {
    i.wasm_bindgen__convert__closures_____invoke__hdf06b9a34c275730(r3, t, e);
  } catch (n) {
    u(n);
  }
}
__name(ft, "ft");
function bt(r3, t, e) {
  s(r3), s(t);
  let n;
  a();
  try {
    n = i.wasm_bindgen__convert__closures_____invoke__h114c869bae78fe3f(r3, t, e);
  } catch (o) {
    u(o);
  }
  if (n[1]) throw It(n[0]);
}
__name(bt, "bt");
function gt(r3, t, e, n) {
  s(r3), s(t), a();
  try {
    i.wasm_bindgen__convert__closures_____invoke__h50c67c21beafa734(r3, t, e, n);
  } catch (o) {
    u(o);
  }
}
__name(gt, "gt");
var wt = ["bytes"];
var dt = ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"];
var X = ["follow", "error", "manual"];
var c = 0;
var lt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_containerstartupoptions_free(r3, 1);
});
var ht = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_intounderlyingbytesource_free(r3, 1);
});
var mt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_intounderlyingsink_free(r3, 1);
});
var Y = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_intounderlyingsource_free(r3, 1);
});
var Z = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_metershard_free(r3, 1);
});
var tt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_minifyconfig_free(r3, 1);
});
var pt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: r3, instance: t }) => {
  t === c && i.__wbg_r2range_free(r3, 1);
});
function p(r3) {
  let t = i.__externref_table_alloc();
  return i.__wbindgen_externrefs.set(t, r3), t;
}
__name(p, "p");
function yt(r3, t) {
  if (typeof r3 != "object" || r3 === null || typeof r3.length != "number") {
    let e = t === void 0 ? "an array" : `an array or ${t}`, n = r3 === null ? "null" : typeof r3 == "object" ? Object.prototype.toString.call(r3).slice(8, -1) : typeof r3;
    throw new Error(`expected ${e}, found ${n}`);
  }
}
__name(yt, "yt");
function vt(r3) {
  if (typeof r3 != "bigint") throw new Error(`expected a bigint argument, found ${typeof r3}`);
}
__name(vt, "vt");
function w(r3) {
  if (typeof r3 != "boolean") throw new Error(`expected a boolean argument, found ${typeof r3}`);
}
__name(w, "w");
function s(r3) {
  if (typeof r3 != "number") throw new Error(`expected a number argument, found ${typeof r3}`);
}
__name(s, "s");
var et = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((r3) => {
  r3.instance === c && i.__wbindgen_destroy_closure(r3.a, r3.b);
});
function ct(r3) {
  switch (typeof r3) {
    case "number":
    case "boolean":
    case "undefined":
      return `${r3}`;
    case "string":
      return JSON.stringify(r3);
    case "bigint":
      return `${r3}n`;
    case "symbol":
      return r3.description !== void 0 ? `Symbol(${r3.description})` : "Symbol";
    case "function":
      return typeof r3.name == "string" && r3.name !== "" ? `Function(${r3.name})` : "Function";
    case "object": {
      if (r3 === null) return "null";
      if (Array.isArray(r3)) return "[" + Array.from(r3, ct).join(", ") + "]";
      if (r3 instanceof Error) return `${r3.name}: ${r3.message}
${r3.stack}`;
      let t = toString.call(r3), e = /\[object ([^\]]+)\]/.exec(t)?.[1];
      if (e === void 0) return t;
      if (e === "Object") try {
        return "Object(" + JSON.stringify(r3) + ")";
      } catch {
        return "Object";
      }
      return e;
    }
  }
}
__name(ct, "ct");
function Et(r3, t) {
  r3 = r3 >>> 0;
  let e = l(), n = [];
  for (let o = r3; o < r3 + 4 * t; o += 4) n.push(i.__wbindgen_externrefs.get(e.getUint32(o, true)));
  return i.__externref_drop_slice(r3, t), n;
}
__name(Et, "Et");
function U(r3, t) {
  return r3 = r3 >>> 0, T().subarray(r3 / 1, r3 / 1 + t);
}
__name(U, "U");
var E = null;
function l() {
  return (E === null || E.buffer.detached === true || E.buffer.detached === void 0 && E.buffer !== i.memory.buffer) && (E = new DataView(i.memory.buffer)), E;
}
__name(l, "l");
var W = null;
function H() {
  return (W === null || W.byteLength === 0) && (W = new Int32Array(i.memory.buffer)), W;
}
__name(H, "H");
function m(r3, t) {
  return r3 = r3 >>> 0, At(T().subarray(r3, r3 + t));
}
__name(m, "m");
var O = null;
function T() {
  return (O === null || O.byteLength === 0) && (O = new Uint8Array(i.memory.buffer)), O;
}
__name(T, "T");
function f(r3) {
  return r3 == null;
}
__name(f, "f");
function _(r3, t) {
  try {
    return r3.apply(this, t);
  } catch (e) {
    let n = (function() {
      try {
        return e instanceof Error ? `${e.message}

Stack:
${e.stack}` : e.toString();
      } catch {
        return "<failed to stringify thrown value>";
      }
    })();
    throw console.error("wasm-bindgen: imported JS function that was not marked as `catch` threw an error:", n), e;
  }
}
__name(_, "_");
function nt(r3, t, e) {
  let n = { a: r3, b: t, cnt: 1, instance: c }, o = /* @__PURE__ */ __name((...b) => {
    if (n.instance !== c) throw new Error("Cannot invoke closure from previous WASM instance");
    n.cnt++;
    let g = n.a;
    n.a = 0;
    try {
      return e(g, n.b, ...b);
    } finally {
      n.a = g, o._wbg_cb_unref();
    }
  }, "o");
  return o._wbg_cb_unref = () => {
    --n.cnt === 0 && (i.__wbindgen_destroy_closure(n.a, n.b), n.a = 0, et.unregister(n));
  }, et.register(o, n, n), o;
}
__name(nt, "nt");
function xt(r3, t) {
  let e = t(r3.length * 4, 4) >>> 0;
  for (let n = 0; n < r3.length; n++) {
    let o = p(r3[n]);
    l().setUint32(e + 4 * n, o, true);
  }
  return y = r3.length, e;
}
__name(xt, "xt");
function x(r3, t, e) {
  if (typeof r3 != "string") throw new Error(`expected a string argument, found ${typeof r3}`);
  if (e === void 0) {
    let d = z.encode(r3), h = t(d.length, 1) >>> 0;
    return T().subarray(h, h + d.length).set(d), y = d.length, h;
  }
  let n = r3.length, o = t(n, 1) >>> 0, b = T(), g = 0;
  for (; g < n; g++) {
    let d = r3.charCodeAt(g);
    if (d > 127) break;
    b[o + g] = d;
  }
  if (g !== n) {
    g !== 0 && (r3 = r3.slice(g)), o = e(o, n, n = g + r3.length * 3, 1) >>> 0;
    let d = T().subarray(o + g, o + n), h = z.encodeInto(r3, d);
    if (h.read !== r3.length) throw new Error("failed to pass whole string");
    g += h.written, o = e(o, n, g, 1) >>> 0;
  }
  return y = g, o;
}
__name(x, "x");
var B = false;
function It(r3) {
  let t = i.__wbindgen_externrefs.get(r3);
  return i.__externref_table_dealloc(r3), t;
}
__name(It, "It");
var ut = new TextDecoder("utf-8", { ignoreBOM: true });
ut.decode();
function At(r3) {
  return ut.decode(r3);
}
__name(At, "At");
var z = new TextEncoder();
"encodeInto" in z || (z.encodeInto = function(r3, t) {
  let e = z.encode(r3);
  return t.set(e), { read: r3.length, written: e.length };
});
var y = 0;
var V = new WebAssembly.Instance(rt, it());
var i = V.exports;
i.__wbindgen_start();
Error.stackTraceLimit = 100;
var v = _t();
function K() {
  v.criticalError && (console.log("Reinitializing Wasm application"), $(), v.criticalError = false, v.instanceId++);
}
__name(K, "K");
addEventListener("error", (r3) => {
  G(r3.error);
});
function G(r3) {
  r3 instanceof WebAssembly.RuntimeError && (console.error("Critical", r3), v.criticalError = true);
}
__name(G, "G");
var P = class extends Rt {
  static {
    __name(this, "P");
  }
};
P.prototype.fetch = function(t) {
  return ot.call(this, t, this.env, this.ctx);
};
P.prototype.__wasm = i;
var kt = { set: /* @__PURE__ */ __name((r3, t, e, n) => Reflect.set(r3.instance, t, e, n), "set"), has: /* @__PURE__ */ __name((r3, t) => Reflect.has(r3.instance, t), "has"), deleteProperty: /* @__PURE__ */ __name((r3, t) => Reflect.deleteProperty(r3.instance, t), "deleteProperty"), apply: /* @__PURE__ */ __name((r3, t, e) => Reflect.apply(r3.instance, t, e), "apply"), construct: /* @__PURE__ */ __name((r3, t, e) => Reflect.construct(r3.instance, t, e), "construct"), getPrototypeOf: /* @__PURE__ */ __name((r3) => Reflect.getPrototypeOf(r3.instance), "getPrototypeOf"), setPrototypeOf: /* @__PURE__ */ __name((r3, t) => Reflect.setPrototypeOf(r3.instance, t), "setPrototypeOf"), isExtensible: /* @__PURE__ */ __name((r3) => Reflect.isExtensible(r3.instance), "isExtensible"), preventExtensions: /* @__PURE__ */ __name((r3) => Reflect.preventExtensions(r3.instance), "preventExtensions"), getOwnPropertyDescriptor: /* @__PURE__ */ __name((r3, t) => Reflect.getOwnPropertyDescriptor(r3.instance, t), "getOwnPropertyDescriptor"), defineProperty: /* @__PURE__ */ __name((r3, t, e) => Reflect.defineProperty(r3.instance, t, e), "defineProperty"), ownKeys: /* @__PURE__ */ __name((r3) => Reflect.ownKeys(r3.instance), "ownKeys") };
var C = { construct(r3, t, e) {
  try {
    K();
    let n = { instance: Reflect.construct(r3, t, e), instanceId: v.instanceId, ctor: r3, args: t, newTarget: e };
    return new Proxy(n, { ...kt, get(o, b, g) {
      o.instanceId !== v.instanceId && (o.instance = Reflect.construct(o.ctor, o.args, o.newTarget), o.instanceId = v.instanceId);
      let d = Reflect.get(o.instance, b, g);
      return typeof d != "function" ? d : d.constructor === Function ? new Proxy(d, { apply(h, A, S) {
        K();
        try {
          return h.apply(A, S);
        } catch (F) {
          throw G(F), F;
        }
      } }) : new Proxy(d, { async apply(h, A, S) {
        K();
        try {
          return await h.apply(A, S);
        } catch (F) {
          throw G(F), F;
        }
      } });
    } });
  } catch (n) {
    throw v.criticalError = true, n;
  }
} };
var Tt = new Proxy(P, C);
var zt = new Proxy(j, C);
var Mt = new Proxy(R, C);
var Pt = new Proxy(I, C);
var Ct = new Proxy(k, C);

// ../tools/node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// ../tools/node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error = reduceError(e);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// wrangler-config:config:middleware/patch-console-prefix
var prefix = "[dream-api-multi]";

// ../tools/node_modules/wrangler/templates/middleware/middleware-patch-console-prefix.ts
["log", "debug", "info"].forEach((method) => {
  globalThis.console[method] = new Proxy(globalThis.console[method], {
    apply(target, thisArg, argumentsList) {
      return target.apply(thisArg, [prefix, ...argumentsList]);
    }
  });
});
var passthrough = /* @__PURE__ */ __name((request, env, _ctx, middlewareCtx) => {
  return middlewareCtx.next(request, env);
}, "passthrough");
var middleware_patch_console_prefix_default = passthrough;

// .wrangler/tmp/bundle-RLERiN/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default,
  middleware_patch_console_prefix_default
];
var middleware_insertion_facade_default = Tt;

// ../tools/node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-RLERiN/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  zt as ContainerStartupOptions,
  Mt as MeterShard,
  Pt as MinifyConfig,
  Ct as R2Range,
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=index.js.map
