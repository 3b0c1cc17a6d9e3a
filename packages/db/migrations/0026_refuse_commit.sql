-- A transaction's final statement may go in one round trip with its COMMIT (see finalStatement in
-- packages/db/src/raw.ts): the statement then stops the commit by raising this error when what it
-- found needs more statements first (e.g. a sale whose id was stored meanwhile, or a stock level
-- that went below zero and needs its alert written in the same transaction). The message names
-- the reason; the SQLSTATE KR001 tells it from any other error.
CREATE OR REPLACE FUNCTION kassa_refuse_commit(p_reason text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KR001', MESSAGE = p_reason;
END
$$;
