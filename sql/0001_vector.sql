-- Embeddings are pgvector values; the same extension exists in PGlite (pglite-pgvector) and in PostgreSQL.
create extension if not exists vector;
