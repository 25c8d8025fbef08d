# pywikibot configuration for working in this checkout.
#
# It serves the local wikis that `make wiki` runs (family `devwiki`, codes en, ru, tt), so the
# same bot code and config that address the real Wikipedias (family `wikipedia`) address them.
# It reads the set's wikis.json ($EDITATHON_WIKIS_JSON, else .devwiki/run/wikis.json) and loads
# the user-config.py the harness generated for that set (family file with the set's ports, bot
# password, no throttle and no maxlag on local wikis). Without wikis.json (no `make wiki` yet)
# it still loads, with pywikibot's defaults.
#
# Test fixtures do not use this file: they run the bot with PYWIKIBOT_DIR pointing at their own
# set's generated folder, so parallel sets never share cookies or caches.
import json as _json
import os as _os

_wikis_json = _os.environ.get("EDITATHON_WIKIS_JSON") or _os.path.join(
    base_dir, ".devwiki", "run", "wikis.json"
)
try:
    with open(_wikis_json, encoding="utf-8") as _handle:
        _set = _json.load(_handle)
except (OSError, ValueError):
    _set = None

if _set:
    _generated = _os.path.join(_set["pywikibot_dir"], "user-config.py")
    with open(_generated, encoding="utf-8") as _handle:
        exec(compile(_handle.read(), _generated, "exec"))

# ---------------------------------------------------------------------------------------------
# The real Wikipedias, for comparison (do NOT use these throttles off: they are the rules there).
# family = 'wikipedia'
# mylang = 'tt'
# usernames['wikipedia']['*'] = 'EditathonBot'
# password_file = 'user-password.py'   # ('EditathonBot', BotPassword('editathon', '...'))
# put_throttle = 10
# minthrottle = 0.1
# read_maxlag = 30
# write_maxlag = 5
# max_retries = 15
# retry_wait = 5
