"""`python -m learnloop.core.pgcheck URL`: exit 0 when PostgreSQL answers at URL, 1 otherwise."""

import sys


def answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            url.replace("postgres://", "postgresql://", 1), dbname="postgres", connect_timeout=3
        ):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if answers(sys.argv[1]) else 1)
