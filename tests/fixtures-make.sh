#!/usr/bin/env bash
# Regenerates the spreadsheet fixtures under tests/SignageKiosk.Tests/Fixtures/ from their .fods sources with
# Debian's LibreOffice, so the .xlsx and .xls files the import tests read were saved by a real office suite.
# The converted files are committed: the tests and CI need no LibreOffice. Needs (not installed by .ci/setup):
#   apt-get install -y libreoffice-calc-nogui python3-uno
set -euo pipefail
cd "$(dirname "$0")/SignageKiosk.Tests/Fixtures"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
office=(soffice --headless --norestore "-env:UserInstallation=file://$profile")

for source in *.fods; do
  "${office[@]}" --convert-to xlsx --outdir . "$source"
  "${office[@]}" --convert-to xls --outdir . "$source"
done

# Password-protected copies (password "1234") saved through LibreOffice's own API, as its Save dialog does
# with "Save with password": the .xlsx becomes an encrypted compound file (ECMA-376 standard encryption), the
# .xls an RC4-encrypted workbook (a FILEPASS record).
/usr/bin/python3 - "$profile" <<'PY'
import os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue, NamedValue

profile = sys.argv[1]
pipe = "fixtures%d" % os.getpid()
office = subprocess.Popen(["soffice", "--headless", "--norestore", "--invisible", "-env:UserInstallation=file://" + profile,
                           "--accept=pipe,name=%s;urp;" % pipe])
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
def named(name, value):
    p = NamedValue(); p.Name = name; p.Value = value; return p
def url(name):
    return uno.systemPathToFileUrl(os.path.abspath(name))
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.5)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(url("roster-merged.fods"), "_blank", 0, (prop("Hidden", True),))
    encryption = uno.Any("[]com.sun.star.beans.NamedValue", (named("OOXPassword", "1234"), named("CryptoType", "Standard")))
    uno.invoke(document, "storeToURL", (url("roster-password.xlsx"),
        (prop("FilterName", "Calc MS Excel 2007 XML"), PropertyValue("EncryptionData", 0, encryption, 0))))
    document.storeAsURL(url("roster-password.xls"), (prop("FilterName", "MS Excel 97"), prop("Password", "1234")))
    document.close(True)
    desktop.terminate()
finally:
    office.wait(timeout=60)
PY
ls -l
