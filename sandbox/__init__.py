"""Protocol-faithful local emulators of WeChat, WeChat Pay and OSS.

Never imported by production code (bff/, jobs/, models/): the app reaches these
emulators over HTTP through the real SDKs, exactly as it reaches the real hosts.
"""
