"""Run StreamFlix with the Flask development server.

    python serve.py [--host 127.0.0.1] [--port 5000] [--db PATH]

The database path can also come from $STREAMFLIX_DB.  A new database gets
the schema and the demo data.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from streamflix import create_app  # noqa: E402
from streamflix.config import DEFAULT_DB_PATH  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the StreamFlix monolith")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--db", default=os.environ.get("STREAMFLIX_DB", DEFAULT_DB_PATH),
                        help="SQLite database file (default: $STREAMFLIX_DB or ./streamflix.db)")
    args = parser.parse_args(argv)
    app = create_app({"DATABASE": os.path.abspath(args.db)})
    print(f"StreamFlix on http://{args.host}:{args.port} (db: {app.config['DATABASE']})", flush=True)
    app.run(host=args.host, port=args.port, threaded=True, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
