-- Run once by the postgres image on an empty volume (docker-compose.yml);
-- the image itself creates `trackly` from POSTGRES_DB. Mirrors deploy/stack.sh.
CREATE DATABASE trackly_test OWNER postgres;
