#!/bin/sh
# Entry point of the redis stand-in, with the official image's behaviour for what coprsim's
# docker-compose.yml uses: options alone are options of redis-server; the server runs as the
# system user redis and owns /data; without a configuration file it listens on every interface
# without protected mode (the official image builds Redis with protected mode off, since other
# containers reach it over the container network).
set -eu

case "${1:-}" in
  -*) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = "redis-server" ]; then
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
  case "${2:-}" in
    *.conf) ;;
    *)
      shift
      set -- redis-server --protected-mode no "$@"
      ;;
  esac
fi

exec "$@"
