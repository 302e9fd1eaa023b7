#!/usr/bin/env python3
"""Serves the built dashboard (dist/) on 127.0.0.1 like Cloudflare Pages does for a single-page
app: files as they are, index.html for any other path.  serve-dist.py [--port 8080] [--dir dist]"""
import argparse, functools, http.server, os

class SpaHandler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        if not os.path.exists(path) or os.path.isdir(path) and not os.path.exists(os.path.join(path, "index.html")):
            self.path = "/index.html"
        return super().send_head()

    def log_message(self, fmt, *args):
        pass

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, default=8080)
p.add_argument("--dir", default="dist")
a = p.parse_args()
handler = functools.partial(SpaHandler, directory=a.dir)
http.server.ThreadingHTTPServer(("127.0.0.1", a.port), handler).serve_forever()
