#!/usr/bin/env bash
# Re-vendor the pinned front-end files into src/treem/web/static/vendor/.
#
# The files are committed to the repository, so no Node build step runs at install time.
# To update: change a version below, run this script, review the diff, update VERSIONS.md.
# Requires: npm (only for `npm pack`), tar, sha256sum.
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_ICONS_VERSION="1.13.2"
HTMX_VERSION="2.0.11"
ECHARTS_VERSION="5.6.0"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="${repo_root}/src/treem/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# fetch <npm package> <version>: download the tarball with `npm pack` and extract it into
# ${work}/<npm package>/ (npm tarballs contain a single top-level "package/" folder).
fetch() {
    local name="$1" version="$2"
    local dest="${work}/${name}"
    mkdir -p "${dest}"
    local tarball
    tarball="$(cd "${work}" && npm pack --silent "${name}@${version}" | tail -n 1)"
    tar -xzf "${work}/${tarball}" -C "${dest}" --strip-components=1
    echo "${dest}"
}

# take <source file> <destination relative to vendor/>
take() {
    mkdir -p "$(dirname "${vendor}/$2")"
    cp "$1" "${vendor}/$2"
}

rm -rf "${vendor}/bootstrap" "${vendor}/bootstrap-icons" "${vendor}/htmx" "${vendor}/echarts"

src="$(fetch bootstrap "${BOOTSTRAP_VERSION}")"
take "${src}/dist/css/bootstrap.min.css" bootstrap/css/bootstrap.min.css
take "${src}/dist/js/bootstrap.bundle.min.js" bootstrap/js/bootstrap.bundle.min.js
take "${src}/LICENSE" bootstrap/LICENSE

src="$(fetch bootstrap-icons "${BOOTSTRAP_ICONS_VERSION}")"
take "${src}/font/bootstrap-icons.min.css" bootstrap-icons/font/bootstrap-icons.min.css
for font in "${src}"/font/fonts/*.woff2 "${src}"/font/fonts/*.woff; do
    take "${font}" "bootstrap-icons/font/fonts/$(basename "${font}")"
done
take "${src}/LICENSE" bootstrap-icons/LICENSE

src="$(fetch htmx.org "${HTMX_VERSION}")"
take "${src}/dist/htmx.min.js" htmx/htmx.min.js
take "${src}/LICENSE" htmx/LICENSE

src="$(fetch echarts "${ECHARTS_VERSION}")"
take "${src}/dist/echarts.min.js" echarts/echarts.min.js
take "${src}/LICENSE" echarts/LICENSE
if [[ -f "${src}/NOTICE" ]]; then
    take "${src}/NOTICE" echarts/NOTICE
fi

# Drop source-map comments: the .map files are not vendored, and a dangling reference
# makes browsers' developer tools (and WhiteNoise's manifest storage) look for them.
find "${vendor}" -name '*.min.js' -o -name '*.min.css' | while read -r f; do
    sed -i -E '/^\/[\/*][#@] sourceMappingURL=.*$/d' "${f}"
done

# The icon CSS must reference its fonts relative to itself (font/fonts/...), or the vendored
# layout above no longer matches what the stylesheet expects.
icons_css="${vendor}/bootstrap-icons/font/bootstrap-icons.min.css"
if ! grep -Eq 'url\("(\./)?fonts/bootstrap-icons\.woff2' "${icons_css}" \
    || grep -Eq 'url\("?(/|https?:|\.\./)' "${icons_css}"; then
    echo "bootstrap-icons.min.css does not load its fonts from ./fonts/; check the paths" >&2
    exit 1
fi

echo "Vendored files (sha256):"
(cd "${vendor}" && find . -type f ! -name VERSIONS.md | sort | xargs sha256sum)
