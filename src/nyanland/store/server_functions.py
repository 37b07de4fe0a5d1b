"""How a team server's own functions are made (server_security.py and the modules beside it):
each belongs to `nyanland_owner` and runs with its rights (SECURITY DEFINER, with a fixed
search_path, so no caller's schema can stand in for a table), and only the groups named may
call it."""

from __future__ import annotations


def define(
    signature: str,
    returns: str,
    body: str,
    owner: str,
    callers: str,
    language: str = "plpgsql",
    volatility: str = "",
) -> list[str]:
    """The statements that make (or remake) the function `signature`, e.g.
    `nyanland_role_of(name text)`; a PL/pgSQL `body` is the block's statements."""
    name, arguments = signature.split("(", 1)
    types = ", ".join(part.split()[1] for part in arguments.rstrip(")").split(", ") if part)
    plain = f"{name}({types})"
    code = f"BEGIN {body} END" if language == "plpgsql" else body
    return [
        f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE {language} "
        f"{volatility} SECURITY DEFINER SET search_path = public, pg_temp AS $$ {code} $$",
        f"ALTER FUNCTION {plain} OWNER TO {owner}",
        f"REVOKE ALL ON FUNCTION {plain} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {plain} TO {callers}",
    ]
