"""Converts documents with one LibreOffice kept running, for the tests of a
Go package (internal/testtool/office.go).

Usage: office.py SOFFICE PROFILE_DIR PIPE_NAME

Starts LibreOffice (the soffice script, which restarts soffice.bin when a
first start asks for it) on the profile PROFILE_DIR (made with SETTINGS if
new), listening on the UNO pipe PIPE_NAME, then reads
one request per line on stdin, a JSON object:
  {"to": "pdf", "outdir": "/dir", "files": ["/a.docx", ...]}
and converts every file as `soffice --convert-to TO --outdir OUTDIR FILES`
would: TO is EXT[:FILTER[:OPTIONS]]; without a filter, "pdf" takes the PDF
export of the document's kind (Writer or Calc). It answers one line per
request: {"error": ""} or {"error": "what went wrong"}.

Its process group is LibreOffice's: at the end of stdin (the Go test binary
closed it, or died) it asks LibreOffice to quit, waits for it a little (so
that its time is counted with the tests'), then kills the whole group,
itself included, so that no soffice.bin outlives the tests.
"""
import json
import os
import signal
import subprocess
import sys
import time
import traceback

import uno
from com.sun.star.beans import PropertyValue


def props(**kw):
    out = []
    for name, value in kw.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def connect(pipe, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if office.poll() is not None:
                raise SystemExit("LibreOffice ended (status %d) before it answered" % office.returncode)
            if time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not answer on its pipe within 120 s")
            time.sleep(0.1)


PDF_EXPORT = {
    "com.sun.star.text.TextDocument": "writer_pdf_Export",
    "com.sun.star.sheet.SpreadsheetDocument": "calc_pdf_Export",
}


# The import filter of the formats the tests convert from: named, the
# office skips its type detection (its detectors read the file first;
# bench/RESULTS.md). Other files are detected as soffice --convert-to
# detects them.
IMPORT_FILTER = {
    ".docx": "MS Word 2007 XML",
    ".xlsx": "Calc MS Excel 2007 XML",
}


def convert(desktop, path, outdir, to):
    ext, _, rest = to.partition(":")
    filt, _, options = rest.partition(":")
    load = {"Hidden": True, "ReadOnly": True}
    imp = IMPORT_FILTER.get(os.path.splitext(path)[1].lower())
    if imp:
        load["FilterName"] = imp
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, props(**load))
    if doc is None:
        raise RuntimeError("LibreOffice could not open %s" % path)
    try:
        if not filt:
            for service, name in PDF_EXPORT.items():
                if ext == "pdf" and doc.supportsService(service):
                    filt = name
            if not filt:
                raise RuntimeError("no filter given for .%s" % ext)
        args = {"FilterName": filt, "Overwrite": True}
        if options:
            args["FilterOptions"] = options
        base = os.path.splitext(os.path.basename(path))[0]
        out = os.path.join(outdir, base + "." + ext)
        doc.storeToURL(uno.systemPathToFileUrl(out), props(**args))
    finally:
        doc.close(True)


# A profile's settings before its first start: the last version of
# LibreOffice that ran it. Without one, every start of a headless office
# counts as the first of a new version (headless, it never records one), and
# runs the graphics render tests (user/GraphicsRenderTests.log) before it
# answers: 3.5 of the 4 s of CPU a start cost (bench/RESULTS.md). 99.9 is
# above every version, so that none counts as an upgrade; nothing else
# reads the setting.
SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">\
<value>99.9</value></prop></item>
</oor:items>
"""


def main():
    soffice, profile, pipe = sys.argv[1:4]
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    settings = os.path.join(profile, "user", "registrymodifications.xcu")
    if not os.path.exists(settings):
        with open(settings, "w") as f:
            f.write(SETTINGS)
    office = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        ctx = connect(pipe, office)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        print(json.dumps({"error": ""}), flush=True)  # ready
        for line in sys.stdin:
            req = json.loads(line)
            os.makedirs(req["outdir"], exist_ok=True)
            try:
                for f in req["files"]:
                    convert(desktop, f, req["outdir"], req["to"])
                answer = ""
            except Exception:
                answer = traceback.format_exc()
            print(json.dumps({"error": answer}), flush=True)
    except SystemExit as e:
        print(json.dumps({"error": str(e)}), flush=True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass  # the bridge goes down as the office quits
        try:
            office.wait(timeout=20)
        except Exception:
            pass
        os.killpg(os.getpgrp(), signal.SIGKILL)


main()
