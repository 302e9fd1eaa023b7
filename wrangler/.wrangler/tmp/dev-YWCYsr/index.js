var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// ../apps/front-auth-api/build/index.js
import { WorkerEntrypoint as It } from "cloudflare:workers";
import et from "./e06780f92fc2fc2245a0d93565a6ae4971ab195b-index_bg.wasm";
var G = globalThis.__worker_init_state = { criticalError: false, instanceId: 0 };
var A = class {
  static {
    __name(this, "A");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, wt.unregister(this), t;
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
    } catch (r) {
      u(r);
    }
    var e = pt(t[0], t[1]);
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
    s(this.__wbg_ptr), f(t) || d(t), a();
    try {
      i.__wbg_set_containerstartupoptions_enableInternet(this.__wbg_ptr, f(t) ? 16777215 : t ? 1 : 0);
    } catch (e) {
      u(e);
    }
  }
  set entrypoint(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), mt(t);
    let e = yt(t, i.__wbindgen_malloc), r = p;
    a();
    try {
      i.__wbg_set_containerstartupoptions_entrypoint(this.__wbg_ptr, e, r);
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
Symbol.dispose && (A.prototype[Symbol.dispose] = A.prototype.free);
var P = class {
  static {
    __name(this, "P");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, dt.unregister(this), t;
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
    } catch (r) {
      u(r);
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
    return bt[t];
  }
};
Symbol.dispose && (P.prototype[Symbol.dispose] = P.prototype.free);
var z = class {
  static {
    __name(this, "z");
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
    let r;
    a();
    try {
      r = i.intounderlyingsink_abort(e, t);
    } catch (o) {
      u(o);
    }
    return r;
  }
  close() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    let t;
    try {
      t = this.__destroy_into_raw(), s(t);
    } catch (r) {
      throw t && i.__wbg_intounderlyingsink_free(t, 1), r;
    }
    let e;
    a();
    try {
      e = i.intounderlyingsink_close(t);
    } catch (r) {
      u(r);
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
    } catch (r) {
      u(r);
    }
    return e;
  }
};
Symbol.dispose && (z.prototype[Symbol.dispose] = z.prototype.free);
var O = class n {
  static {
    __name(this, "n");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  static __wrap(t) {
    let e = Object.create(n.prototype);
    return e.__wbg_ptr = t, Object.defineProperty(e, "__wbg_inst", { value: c, writable: true }), X.register(e, { ptr: t, instance: c }, e), e;
  }
  __destroy_into_raw() {
    let t = this.__wbg_ptr;
    return this.__wbg_ptr = 0, X.unregister(this), t;
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
    } catch (r) {
      u(r);
    }
    return e;
  }
};
Symbol.dispose && (O.prototype[Symbol.dispose] = O.prototype.free);
var x = class n2 {
  static {
    __name(this, "n");
  }
  constructor() {
    throw new Error("cannot invoke `new` directly");
  }
  static __wrap(t) {
    let e = Object.create(n2.prototype);
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
    s(this.__wbg_ptr), d(t), a();
    try {
      i.__wbg_set_minifyconfig_css(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
  set html(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), d(t), a();
    try {
      i.__wbg_set_minifyconfig_html(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
  set js(t) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== c) throw new Error("Invalid stale object from previous Wasm instance");
    if (this.__wbg_ptr == 0) throw new Error("Attempt to use a moved value");
    s(this.__wbg_ptr), d(t), a();
    try {
      i.__wbg_set_minifyconfig_js(this.__wbg_ptr, t);
    } catch (e) {
      u(e);
    }
  }
};
Symbol.dispose && (x.prototype[Symbol.dispose] = x.prototype.free);
var R = class {
  static {
    __name(this, "R");
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
Symbol.dispose && (R.prototype[Symbol.dispose] = R.prototype.free);
function M() {
  c++, E = null, F = null, j = null, typeof numBytesDecoded < "u" && (numBytesDecoded = 0), typeof p < "u" && (p = 0), V = false, C = false, B = new WebAssembly.Instance(et, _t()), i = B.exports, i.__wbindgen_start();
}
__name(M, "M");
function nt() {
  let n3;
  a();
  try {
    n3 = i.__worker_init_state();
  } catch (t) {
    u(t);
  }
  return n3;
}
__name(nt, "nt");
function rt(n3, t, e) {
  let r;
  a();
  try {
    r = i.fetch(n3, t, e);
  } catch (o) {
    u(o);
  }
  return r;
}
__name(rt, "rt");
function _t() {
  return { __proto__: null, "./index_bg.js": { __proto__: null, __wbg_Error_208446807d0d1e30: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return Error(y(t, e));
    }, arguments);
  }, "__wbg_Error_208446807d0d1e30"), __wbg_String_8564e559799eccda: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let r = String(e), o = I(r, i.__wbindgen_malloc, i.__wbindgen_realloc), b = p;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_String_8564e559799eccda"), __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: /* @__PURE__ */ __name(function(t) {
    let e = t, r = typeof e == "boolean" ? e : void 0;
    return f(r) || d(r), f(r) ? 16777215 : r ? 1 : 0;
  }, "__wbg___wbindgen_boolean_get_4f1baf9a00be3c74"), __wbg___wbindgen_debug_string_f249a2a76caa9a55: /* @__PURE__ */ __name(function(t, e) {
    let r = it(e), o = I(r, i.__wbindgen_malloc, i.__wbindgen_realloc), b = p;
    l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
  }, "__wbg___wbindgen_debug_string_f249a2a76caa9a55"), __wbg___wbindgen_is_function_741ff2bb612836f5: /* @__PURE__ */ __name(function(t) {
    let e = typeof t == "function";
    return d(e), e;
  }, "__wbg___wbindgen_is_function_741ff2bb612836f5"), __wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae: /* @__PURE__ */ __name(function(t) {
    let e = t == null;
    return d(e), e;
  }, "__wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae"), __wbg___wbindgen_is_object_8b968c3ab8e96595: /* @__PURE__ */ __name(function(t) {
    let e = t, r = typeof e == "object" && e !== null;
    return d(r), r;
  }, "__wbg___wbindgen_is_object_8b968c3ab8e96595"), __wbg___wbindgen_is_string_fc456fee5d3317de: /* @__PURE__ */ __name(function(t) {
    let e = typeof t == "string";
    return d(e), e;
  }, "__wbg___wbindgen_is_string_fc456fee5d3317de"), __wbg___wbindgen_is_undefined_be5b34249ff1fc15: /* @__PURE__ */ __name(function(t) {
    let e = t === void 0;
    return d(e), e;
  }, "__wbg___wbindgen_is_undefined_be5b34249ff1fc15"), __wbg___wbindgen_number_get_934b640d0889af78: /* @__PURE__ */ __name(function(t, e) {
    let r = e, o = typeof r == "number" ? r : void 0;
    f(o) || s(o), l().setFloat64((t >>> 0) + 8, f(o) ? 0 : o, true), l().setInt32((t >>> 0) + 0, !f(o), true);
  }, "__wbg___wbindgen_number_get_934b640d0889af78"), __wbg___wbindgen_reinit_2fe0d0b9c1cc3c21: /* @__PURE__ */ __name(function() {
    C = true;
  }, "__wbg___wbindgen_reinit_2fe0d0b9c1cc3c21"), __wbg___wbindgen_string_get_7ce8eee7fd327545: /* @__PURE__ */ __name(function(t, e) {
    let r = e, o = typeof r == "string" ? r : void 0;
    var b = f(o) ? 0 : I(o, i.__wbindgen_malloc, i.__wbindgen_realloc), g = p;
    l().setInt32((t >>> 0) + 4, g, true), l().setInt32((t >>> 0) + 0, b, true);
  }, "__wbg___wbindgen_string_get_7ce8eee7fd327545"), __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(t, e) {
    throw new WebAssembly.Exception(N, [new Error(y(t, e))]);
  }, "__wbg___wbindgen_throw_4c88d8bf264fd984"), __wbg__wbg_cb_unref_09736879a3f67559: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      t._wbg_cb_unref();
    }, arguments);
  }, "__wbg__wbg_cb_unref_09736879a3f67559"), __wbg_append_ba9a4dc30a0323fd: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r, o, b) {
      t.append(y(e, r), y(o, b));
    }, arguments);
  }, "__wbg_append_ba9a4dc30a0323fd"), __wbg_body_0da01a9a056907d8: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.body;
      return f(e) ? 0 : h(e);
    }, arguments);
  }, "__wbg_body_0da01a9a056907d8"), __wbg_body_b86ad4fe78cc379c: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.body;
      return f(e) ? 0 : h(e);
    }, arguments);
  }, "__wbg_body_b86ad4fe78cc379c"), __wbg_buffer_aca05a93c046db1a: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.buffer;
    }, arguments);
  }, "__wbg_buffer_aca05a93c046db1a"), __wbg_byobRequest_18280c78e462544c: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.byobRequest;
      return f(e) ? 0 : h(e);
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
    return _(function(t, e, r, o, b) {
      return t.call(e, r, o, b);
    }, arguments);
  }, "__wbg_call_275b78b3b6520b92"), __wbg_call_a410eb4b59ed5965: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return t.call(e, r);
    }, arguments);
  }, "__wbg_call_a410eb4b59ed5965"), __wbg_call_fc92fee6137d452d: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r, o) {
      return t.call(e, r, o);
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
      return f(e) ? 0 : h(e);
    }, arguments);
  }, "__wbg_cf_3eef96d446a499c0"), __wbg_cf_e4bf1d08e9961dec: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.cf;
      return f(e) ? 0 : h(e);
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
  }, "__wbg_crypto_23f565a907d30078"), __wbg_done_57e08d0be6e30c02: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.done;
      return d(e), e;
    }, arguments);
  }, "__wbg_done_57e08d0be6e30c02"), __wbg_enqueue_c11626eae1c54509: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.enqueue(e);
    }, arguments);
  }, "__wbg_enqueue_c11626eae1c54509"), __wbg_entries_fb0b3ba27a6e0bf7: /* @__PURE__ */ __name(function() {
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
  }, "__wbg_error_d1fc0193610e0e39"), __wbg_fetch_58e62838507dad34: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t.fetch(e);
    }, arguments);
  }, "__wbg_fetch_58e62838507dad34"), __wbg_fetch_8991a6a8ea67c83b: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r, o) {
      return t.fetch(y(e, r), o);
    }, arguments);
  }, "__wbg_fetch_8991a6a8ea67c83b"), __wbg_fetch_a416b432a33cc077: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return t.fetch(e, r);
    }, arguments);
  }, "__wbg_fetch_a416b432a33cc077"), __wbg_getByName_54117a7a05bfab4a: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return t.getByName(y(e, r));
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
      let r = Reflect.get(t, e);
      return f(r) ? 0 : h(r);
    }, arguments);
  }, "__wbg_get_0ae635d02d232017"), __wbg_get_2080c49015e35254: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return Reflect.get(t, e);
    }, arguments);
  }, "__wbg_get_2080c49015e35254"), __wbg_get_d7176cfb76d71114: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t[e >>> 0];
    }, arguments);
  }, "__wbg_get_d7176cfb76d71114"), __wbg_get_done_3bf2b4a34e149301: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.done;
      return f(e) || d(e), f(e) ? 16777215 : e ? 1 : 0;
    }, arguments);
  }, "__wbg_get_done_3bf2b4a34e149301"), __wbg_get_value_9454480da7066d61: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.value;
    }, arguments);
  }, "__wbg_get_value_9454480da7066d61"), __wbg_headers_5fc0106c076eb731: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.headers;
    }, arguments);
  }, "__wbg_headers_5fc0106c076eb731"), __wbg_headers_9ef80dd266706f48: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.headers;
    }, arguments);
  }, "__wbg_headers_9ef80dd266706f48"), __wbg_httpProtocol_6011257fd0ac239e: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let r = e.httpProtocol, o = I(r, i.__wbindgen_malloc, i.__wbindgen_realloc), b = p;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_httpProtocol_6011257fd0ac239e"), __wbg_instanceId_65a51bedfd10160a: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.instanceId;
      return s(e), e;
    }, arguments);
  }, "__wbg_instanceId_65a51bedfd10160a"), __wbg_instanceof_Error_74e3cca0c4a69161: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof Error;
      } catch {
        e = false;
      }
      let r = e;
      return d(r), r;
    }, arguments);
  }, "__wbg_instanceof_Error_74e3cca0c4a69161"), __wbg_instanceof_ReadableStream_ac28304925ec0f96: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof ReadableStream;
      } catch {
        e = false;
      }
      let r = e;
      return d(r), r;
    }, arguments);
  }, "__wbg_instanceof_ReadableStream_ac28304925ec0f96"), __wbg_instanceof_Response_5b0b4f7f1daeae51: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e;
      try {
        e = t instanceof Response;
      } catch {
        e = false;
      }
      let r = e;
      return d(r), r;
    }, arguments);
  }, "__wbg_instanceof_Response_5b0b4f7f1daeae51"), __wbg_keys_296846770c088f87: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.keys();
    }, arguments);
  }, "__wbg_keys_296846770c088f87"), __wbg_length_186163212ffe79c3: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.length;
      return s(e), e;
    }, arguments);
  }, "__wbg_length_186163212ffe79c3"), __wbg_message_43d8c8f1d543a349: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return t.message;
    }, arguments);
  }, "__wbg_message_43d8c8f1d543a349"), __wbg_method_3d406ebab4dd9853: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let r = e.method, o = I(r, i.__wbindgen_malloc, i.__wbindgen_realloc), b = p;
      l().setInt32((t >>> 0) + 4, b, true), l().setInt32((t >>> 0) + 0, o, true);
    }, arguments);
  }, "__wbg_method_3d406ebab4dd9853"), __wbg_minifyconfig_new: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return x.__wrap(t);
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
  }, "__wbg_new_0_36d738a0c8cfac43"), __wbg_new_277c27c26f94cbc2: /* @__PURE__ */ __name(function() {
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
      return new Error(y(t, e));
    }, arguments);
  }, "__wbg_new_787b9fb330d55d78"), __wbg_new_cd4348290afae586: /* @__PURE__ */ __name(function() {
    return _(function() {
      return new Object();
    }, arguments);
  }, "__wbg_new_cd4348290afae586"), __wbg_new_typed_e09da9dae6ee5935: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      try {
        var r = { a: t, b: e }, o = /* @__PURE__ */ __name((g, w) => {
          let m = r.a;
          r.a = 0;
          try {
            return ft(m, r.b, g, w);
          } finally {
            r.a = m;
          }
        }, "o");
        return new Promise(o);
      } finally {
        r.a = 0;
      }
    }, arguments);
  }, "__wbg_new_typed_e09da9dae6ee5935"), __wbg_new_with_byte_offset_and_length_3cd32055a417f095: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return new Uint8Array(t, e >>> 0, r >>> 0);
    }, arguments);
  }, "__wbg_new_with_byte_offset_and_length_3cd32055a417f095"), __wbg_new_with_into_underlying_source_ba3944e7f4c9d0c3: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return new ReadableStream(O.__wrap(t), e);
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
    return _(function(t, e, r) {
      return new Response(t === 0 ? void 0 : y(t, e), r);
    }, arguments);
  }, "__wbg_new_with_opt_str_and_init_6456bed24baae6fc"), __wbg_new_with_str_and_init_d9f6b5611184e16b: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return new Request(y(t, e), r);
    }, arguments);
  }, "__wbg_new_with_str_and_init_d9f6b5611184e16b"), __wbg_next_af5ac6a08bb0a717: /* @__PURE__ */ __name(function() {
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
    return _(function(t, e, r) {
      Uint8Array.prototype.set.call(D(t, e), r);
    }, arguments);
  }, "__wbg_prototypesetcall_13162965d1fe7aa3"), __wbg_queueMicrotask_1e8503a8a690f0a3: /* @__PURE__ */ __name(function() {
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
  }, "__wbg_read_e3bea75dace70752"), __wbg_redirect_9e29dd9d33881cfd: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.redirect;
      return (Q.indexOf(e) + 1 || 4) - 1;
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
    return _(function(t, e, r) {
      try {
        var o = { a: e, b: r }, b = /* @__PURE__ */ __name(() => {
          let w = o.a;
          o.a = 0;
          try {
            return ct(w, o.b);
          } finally {
            o.a = w;
          }
        }, "b");
        let g = t.run(b);
        return d(g), g;
      } finally {
        o.a = 0;
      }
    }, arguments);
  }, "__wbg_run_5d165842aa3f43db"), __wbg_set_2793479888329cb6: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      let o = Reflect.set(t, e, r);
      return d(o), o;
    }, arguments);
  }, "__wbg_set_2793479888329cb6"), __wbg_set_8282f7e0d2d01336: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return t.set(e, r);
    }, arguments);
  }, "__wbg_set_8282f7e0d2d01336"), __wbg_set_body_877d5251e78ca815: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.body = e;
    }, arguments);
  }, "__wbg_set_body_877d5251e78ca815"), __wbg_set_cache_7a23201e29cbd632: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.cache = gt[e];
    }, arguments);
  }, "__wbg_set_cache_7a23201e29cbd632"), __wbg_set_criticalError_c30445da7038dbf2: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.criticalError = e !== 0;
    }, arguments);
  }, "__wbg_set_criticalError_c30445da7038dbf2"), __wbg_set_d2d33b52458e984a: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      t[e >>> 0] = r;
    }, arguments);
  }, "__wbg_set_d2d33b52458e984a"), __wbg_set_e4b9a833d288759a: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      t[e] = r;
    }, arguments);
  }, "__wbg_set_e4b9a833d288759a"), __wbg_set_feb3714f475485ba: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      t.set(D(e, r));
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
    return _(function(t, e, r) {
      t.method = y(e, r);
    }, arguments);
  }, "__wbg_set_method_639e69af35614d36"), __wbg_set_redirect_a95a432ab7d10765: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      t.redirect = Q[e];
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
  }, "__wbg_signal_b2980930b83811aa"), __wbg_static_accessor_CREATE_TASK_45d716e1f7bbe15f: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof console > "u" ? void 0 : console?.createTask;
      return f(t) ? 0 : h(t);
    }, arguments);
  }, "__wbg_static_accessor_CREATE_TASK_45d716e1f7bbe15f"), __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof globalThis > "u" ? void 0 : globalThis;
      return f(t) ? 0 : h(t);
    }, arguments);
  }, "__wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc"), __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof global > "u" ? void 0 : global;
      return f(t) ? 0 : h(t);
    }, arguments);
  }, "__wbg_static_accessor_GLOBAL_e4293fb22cbe77da"), __wbg_static_accessor_INIT_STATE_b2269150d11f01e0: /* @__PURE__ */ __name(function() {
    return _(function() {
      return G;
    }, arguments);
  }, "__wbg_static_accessor_INIT_STATE_b2269150d11f01e0"), __wbg_static_accessor_SELF_53bb20457401453d: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof self > "u" ? void 0 : self;
      return f(t) ? 0 : h(t);
    }, arguments);
  }, "__wbg_static_accessor_SELF_53bb20457401453d"), __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: /* @__PURE__ */ __name(function() {
    return _(function() {
      let t = typeof window > "u" ? void 0 : window;
      return f(t) ? 0 : h(t);
    }, arguments);
  }, "__wbg_static_accessor_WINDOW_b5e0810bfecb7feb"), __wbg_status_cb85b6c8d1769fa1: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.status;
      return s(e), e;
    }, arguments);
  }, "__wbg_status_cb85b6c8d1769fa1"), __wbg_stringify_0a0fbf2ef722380a: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      return JSON.stringify(t);
    }, arguments);
  }, "__wbg_stringify_0a0fbf2ef722380a"), __wbg_subarray_58f388a9247ac0bb: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return t.subarray(e >>> 0, r >>> 0);
    }, arguments);
  }, "__wbg_subarray_58f388a9247ac0bb"), __wbg_then_656f253a5dd7d8ea: /* @__PURE__ */ __name(function() {
    return _(function(t, e, r) {
      return t.then(e, r);
    }, arguments);
  }, "__wbg_then_656f253a5dd7d8ea"), __wbg_then_e3f7f2d365708be8: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return t.then(e);
    }, arguments);
  }, "__wbg_then_e3f7f2d365708be8"), __wbg_url_1be993c7b186415b: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      let r = e.url, o = I(r, i.__wbindgen_malloc, i.__wbindgen_realloc), b = p;
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
      return f(e) ? 0 : h(e);
    }, arguments);
  }, "__wbg_view_3b708d3bdaf3fc96"), __wbg_webSocket_71791e807603b1e4: /* @__PURE__ */ __name(function() {
    return _(function(t) {
      let e = t.webSocket;
      return f(e) ? 0 : h(e);
    }, arguments);
  }, "__wbg_webSocket_71791e807603b1e4"), __wbindgen_generic_0000000000000001: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return tt(t, e, ut);
    }, arguments);
  }, "__wbindgen_generic_0000000000000001"), __wbindgen_generic_0000000000000002: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return tt(t, e, at);
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
      return D(t, e);
    }, arguments);
  }, "__wbindgen_generic_0000000000000005"), __wbindgen_generic_0000000000000006: /* @__PURE__ */ __name(function() {
    return _(function(t, e) {
      return y(t, e);
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
__name(_t, "_t");
var N = new WebAssembly.Tag({ parameters: ["externref"] });
var U;
var V = false;
function ot() {
  V = true;
  try {
    let n3 = J()[i.__abort_handler.value / 4];
    n3 && i.__wbindgen_export.get(n3)();
  } catch {
  }
}
__name(ot, "ot");
function u(n3) {
  throw n3 instanceof WebAssembly.Exception && n3.is(N) ? n3.getArg(N, 0) : (J()[U] = 1, ot(), n3);
}
__name(u, "u");
function a() {
  if (U ??= i.__instance_terminated.value / 4, J()[U]) {
    if (V || ot(), C) {
      M();
      return;
    }
    throw new Error("Module terminated");
  } else C && M();
}
__name(a, "a");
function ct(n3, t) {
  s(n3), s(t);
  let e;
  a();
  try {
    e = i.wasm_bindgen__convert__closures_____invoke__h26a3f1727b947843(n3, t);
  } catch (r) {
    u(r);
  }
  return e !== 0;
}
__name(ct, "ct");
function ut(n3, t, e) {
  s(n3), s(t), a();
  try {
    i.wasm_bindgen__convert__closures_____invoke__hdf06b9a34c275730(n3, t, e);
  } catch (r) {
    u(r);
  }
}
__name(ut, "ut");
function at(n3, t, e) {
  s(n3), s(t);
  let r;
  a();
  try {
    r = i.wasm_bindgen__convert__closures_____invoke__h114c869bae78fe3f(n3, t, e);
  } catch (o) {
    u(o);
  }
  if (r[1]) throw vt(r[0]);
}
__name(at, "at");
function ft(n3, t, e, r) {
  s(n3), s(t), a();
  try {
    i.wasm_bindgen__convert__closures_____invoke__h50c67c21beafa734(n3, t, e, r);
  } catch (o) {
    u(o);
  }
}
__name(ft, "ft");
var bt = ["bytes"];
var gt = ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"];
var Q = ["follow", "error", "manual"];
var c = 0;
var wt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: n3, instance: t }) => {
  t === c && i.__wbg_containerstartupoptions_free(n3, 1);
});
var dt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: n3, instance: t }) => {
  t === c && i.__wbg_intounderlyingbytesource_free(n3, 1);
});
var lt = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: n3, instance: t }) => {
  t === c && i.__wbg_intounderlyingsink_free(n3, 1);
});
var X = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: n3, instance: t }) => {
  t === c && i.__wbg_intounderlyingsource_free(n3, 1);
});
var Y = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: n3, instance: t }) => {
  t === c && i.__wbg_minifyconfig_free(n3, 1);
});
var ht = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr: n3, instance: t }) => {
  t === c && i.__wbg_r2range_free(n3, 1);
});
function h(n3) {
  let t = i.__externref_table_alloc();
  return i.__wbindgen_externrefs.set(t, n3), t;
}
__name(h, "h");
function mt(n3, t) {
  if (typeof n3 != "object" || n3 === null || typeof n3.length != "number") {
    let e = t === void 0 ? "an array" : `an array or ${t}`, r = n3 === null ? "null" : typeof n3 == "object" ? Object.prototype.toString.call(n3).slice(8, -1) : typeof n3;
    throw new Error(`expected ${e}, found ${r}`);
  }
}
__name(mt, "mt");
function d(n3) {
  if (typeof n3 != "boolean") throw new Error(`expected a boolean argument, found ${typeof n3}`);
}
__name(d, "d");
function s(n3) {
  if (typeof n3 != "number") throw new Error(`expected a number argument, found ${typeof n3}`);
}
__name(s, "s");
var Z = typeof FinalizationRegistry > "u" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((n3) => {
  n3.instance === c && i.__wbindgen_destroy_closure(n3.a, n3.b);
});
function it(n3) {
  switch (typeof n3) {
    case "number":
    case "boolean":
    case "undefined":
      return `${n3}`;
    case "string":
      return JSON.stringify(n3);
    case "bigint":
      return `${n3}n`;
    case "symbol":
      return n3.description !== void 0 ? `Symbol(${n3.description})` : "Symbol";
    case "function":
      return typeof n3.name == "string" && n3.name !== "" ? `Function(${n3.name})` : "Function";
    case "object": {
      if (n3 === null) return "null";
      if (Array.isArray(n3)) return "[" + Array.from(n3, it).join(", ") + "]";
      if (n3 instanceof Error) return `${n3.name}: ${n3.message}
${n3.stack}`;
      let t = toString.call(n3), e = /\[object ([^\]]+)\]/.exec(t)?.[1];
      if (e === void 0) return t;
      if (e === "Object") try {
        return "Object(" + JSON.stringify(n3) + ")";
      } catch {
        return "Object";
      }
      return e;
    }
  }
}
__name(it, "it");
function pt(n3, t) {
  n3 = n3 >>> 0;
  let e = l(), r = [];
  for (let o = n3; o < n3 + 4 * t; o += 4) r.push(i.__wbindgen_externrefs.get(e.getUint32(o, true)));
  return i.__externref_drop_slice(n3, t), r;
}
__name(pt, "pt");
function D(n3, t) {
  return n3 = n3 >>> 0, S().subarray(n3 / 1, n3 / 1 + t);
}
__name(D, "D");
var E = null;
function l() {
  return (E === null || E.buffer.detached === true || E.buffer.detached === void 0 && E.buffer !== i.memory.buffer) && (E = new DataView(i.memory.buffer)), E;
}
__name(l, "l");
var F = null;
function J() {
  return (F === null || F.byteLength === 0) && (F = new Int32Array(i.memory.buffer)), F;
}
__name(J, "J");
function y(n3, t) {
  return n3 = n3 >>> 0, Et(S().subarray(n3, n3 + t));
}
__name(y, "y");
var j = null;
function S() {
  return (j === null || j.byteLength === 0) && (j = new Uint8Array(i.memory.buffer)), j;
}
__name(S, "S");
function f(n3) {
  return n3 == null;
}
__name(f, "f");
function _(n3, t) {
  try {
    return n3.apply(this, t);
  } catch (e) {
    let r = (function() {
      try {
        return e instanceof Error ? `${e.message}

Stack:
${e.stack}` : e.toString();
      } catch {
        return "<failed to stringify thrown value>";
      }
    })();
    throw console.error("wasm-bindgen: imported JS function that was not marked as `catch` threw an error:", r), e;
  }
}
__name(_, "_");
function tt(n3, t, e) {
  let r = { a: n3, b: t, cnt: 1, instance: c }, o = /* @__PURE__ */ __name((...b) => {
    if (r.instance !== c) throw new Error("Cannot invoke closure from previous WASM instance");
    r.cnt++;
    let g = r.a;
    r.a = 0;
    try {
      return e(g, r.b, ...b);
    } finally {
      r.a = g, o._wbg_cb_unref();
    }
  }, "o");
  return o._wbg_cb_unref = () => {
    --r.cnt === 0 && (i.__wbindgen_destroy_closure(r.a, r.b), r.a = 0, Z.unregister(r));
  }, Z.register(o, r, r), o;
}
__name(tt, "tt");
function yt(n3, t) {
  let e = t(n3.length * 4, 4) >>> 0;
  for (let r = 0; r < n3.length; r++) {
    let o = h(n3[r]);
    l().setUint32(e + 4 * r, o, true);
  }
  return p = n3.length, e;
}
__name(yt, "yt");
function I(n3, t, e) {
  if (typeof n3 != "string") throw new Error(`expected a string argument, found ${typeof n3}`);
  if (e === void 0) {
    let w = W.encode(n3), m = t(w.length, 1) >>> 0;
    return S().subarray(m, m + w.length).set(w), p = w.length, m;
  }
  let r = n3.length, o = t(r, 1) >>> 0, b = S(), g = 0;
  for (; g < r; g++) {
    let w = n3.charCodeAt(g);
    if (w > 127) break;
    b[o + g] = w;
  }
  if (g !== r) {
    g !== 0 && (n3 = n3.slice(g)), o = e(o, r, r = g + n3.length * 3, 1) >>> 0;
    let w = S().subarray(o + g, o + r), m = W.encodeInto(n3, w);
    if (m.read !== n3.length) throw new Error("failed to pass whole string");
    g += m.written, o = e(o, r, g, 1) >>> 0;
  }
  return p = g, o;
}
__name(I, "I");
var C = false;
function vt(n3) {
  let t = i.__wbindgen_externrefs.get(n3);
  return i.__externref_table_dealloc(n3), t;
}
__name(vt, "vt");
var st = new TextDecoder("utf-8", { ignoreBOM: true });
st.decode();
function Et(n3) {
  return st.decode(n3);
}
__name(Et, "Et");
var W = new TextEncoder();
"encodeInto" in W || (W.encodeInto = function(n3, t) {
  let e = W.encode(n3);
  return t.set(e), { read: n3.length, written: e.length };
});
var p = 0;
var B = new WebAssembly.Instance(et, _t());
var i = B.exports;
i.__wbindgen_start();
Error.stackTraceLimit = 100;
var v = nt();
function H() {
  v.criticalError && (console.log("Reinitializing Wasm application"), M(), v.criticalError = false, v.instanceId++);
}
__name(H, "H");
addEventListener("error", (n3) => {
  K(n3.error);
});
function K(n3) {
  n3 instanceof WebAssembly.RuntimeError && (console.error("Critical", n3), v.criticalError = true);
}
__name(K, "K");
var T = class extends It {
  static {
    __name(this, "T");
  }
};
T.prototype.fetch = function(t) {
  return rt.call(this, t, this.env, this.ctx);
};
T.prototype.__wasm = i;
var At = { set: /* @__PURE__ */ __name((n3, t, e, r) => Reflect.set(n3.instance, t, e, r), "set"), has: /* @__PURE__ */ __name((n3, t) => Reflect.has(n3.instance, t), "has"), deleteProperty: /* @__PURE__ */ __name((n3, t) => Reflect.deleteProperty(n3.instance, t), "deleteProperty"), apply: /* @__PURE__ */ __name((n3, t, e) => Reflect.apply(n3.instance, t, e), "apply"), construct: /* @__PURE__ */ __name((n3, t, e) => Reflect.construct(n3.instance, t, e), "construct"), getPrototypeOf: /* @__PURE__ */ __name((n3) => Reflect.getPrototypeOf(n3.instance), "getPrototypeOf"), setPrototypeOf: /* @__PURE__ */ __name((n3, t) => Reflect.setPrototypeOf(n3.instance, t), "setPrototypeOf"), isExtensible: /* @__PURE__ */ __name((n3) => Reflect.isExtensible(n3.instance), "isExtensible"), preventExtensions: /* @__PURE__ */ __name((n3) => Reflect.preventExtensions(n3.instance), "preventExtensions"), getOwnPropertyDescriptor: /* @__PURE__ */ __name((n3, t) => Reflect.getOwnPropertyDescriptor(n3.instance, t), "getOwnPropertyDescriptor"), defineProperty: /* @__PURE__ */ __name((n3, t, e) => Reflect.defineProperty(n3.instance, t, e), "defineProperty"), ownKeys: /* @__PURE__ */ __name((n3) => Reflect.ownKeys(n3.instance), "ownKeys") };
var L = { construct(n3, t, e) {
  try {
    H();
    let r = { instance: Reflect.construct(n3, t, e), instanceId: v.instanceId, ctor: n3, args: t, newTarget: e };
    return new Proxy(r, { ...At, get(o, b, g) {
      o.instanceId !== v.instanceId && (o.instance = Reflect.construct(o.ctor, o.args, o.newTarget), o.instanceId = v.instanceId);
      let w = Reflect.get(o.instance, b, g);
      return typeof w != "function" ? w : w.constructor === Function ? new Proxy(w, { apply(m, $, q) {
        H();
        try {
          return m.apply($, q);
        } catch (k) {
          throw K(k), k;
        }
      } }) : new Proxy(w, { async apply(m, $, q) {
        H();
        try {
          return await m.apply($, q);
        } catch (k) {
          throw K(k), k;
        }
      } });
    } });
  } catch (r) {
    throw v.criticalError = true, r;
  }
} };
var St = new Proxy(T, L);
var Wt = new Proxy(A, L);
var Ot = new Proxy(x, L);
var Tt = new Proxy(R, L);

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
var prefix = "[dream-front-auth-api]";

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

// .wrangler/tmp/bundle-bXXsRs/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default,
  middleware_patch_console_prefix_default
];
var middleware_insertion_facade_default = St;

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

// .wrangler/tmp/bundle-bXXsRs/middleware-loader.entry.ts
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
  Wt as ContainerStartupOptions,
  Ot as MinifyConfig,
  Tt as R2Range,
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=index.js.map
