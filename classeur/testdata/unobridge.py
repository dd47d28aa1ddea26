"""Opens and closes a UNO bridge to a running LibreOffice for the test
scripts of this folder (trier.py, valider_notes.py).

The bridge is made here and disposed at the end: a script that leaves it
to Python's exit (UnoUrlResolver.resolve, then nothing) was killed by a
segmentation fault in python3-uno's teardown, now and then, once its work
was done (how often, before and after: bench/RESULTS.md, 2026-12-07)."""
import uno


def connect(connection):
    """Returns (ctx, bridge) for CONNECTION, a UNO URL such as
    "uno:pipe,name=X;urp;StarOffice.ComponentContext"; call close(bridge)
    when done."""
    if not connection.startswith("uno:"):
        raise ValueError("not a UNO URL: " + connection)
    where, protocol, name = connection[len("uno:"):].split(";")
    local = uno.getComponentContext()
    smgr = local.ServiceManager
    conn = smgr.createInstanceWithContext("com.sun.star.connection.Connector", local).connect(where)
    bridge = smgr.createInstanceWithContext("com.sun.star.bridge.BridgeFactory", local).createBridge("", protocol, conn, None)
    return bridge.getInstance(name), bridge


def close(bridge):
    """Disposes the bridge, so that nothing of it is left for Python's exit."""
    bridge.dispose()
