#!/bin/sh
# Adds the master password from the environment to a private copy of odoo.conf, so that
# no secret is ever written into the mounted (and committed) configuration file.
set -eu
if [ -z "${ODOO_ADMIN_PASSWD:-}" ]; then
    echo "Set ODOO_ADMIN_PASSWD (the Odoo master password) in the environment or in .env." >&2
    exit 1
fi
conf=/var/lib/odoo/odoo-runtime.conf
umask 077
sed '/^admin_passwd/d' /etc/odoo/odoo.conf > "$conf"
sed -i "s/^\[options\]$/[options]\nadmin_passwd = ${ODOO_ADMIN_PASSWD}/" "$conf"
export ODOO_RC="$conf"
exec /entrypoint.sh "$@"
