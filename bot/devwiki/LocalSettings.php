<?php
/**
 * LocalSettings.php for the Editathon Bot's local development wikis.
 *
 * The same file is copied verbatim into every wiki folder. Everything that differs between
 * wikis (language, database name, secret key) lives in `site.json` next to it, and every data
 * path is relative to __DIR__, so a wiki folder can be copied (`cp -a`) and served on another
 * port: the copy only needs a new server URL, which comes from the environment (MW_SERVER) or,
 * for maintenance scripts run by hand, from `server.txt` in the same folder.
 *
 * Written by bot/devwiki/harness.py; do not edit a copy, edit this template.
 */
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}

$devwikiSite = json_decode( file_get_contents( __DIR__ . '/site.json' ), true );

require_once "$IP/includes/PlatformSettings.php";

$wgSitename = $devwikiSite['sitename'];
$wgMetaNamespace = $devwikiSite['metanamespace'];
$wgScriptPath = "";
$wgArticlePath = "/index.php/$1";
$devwikiServer = getenv( 'MW_SERVER' );
if ( !$devwikiServer && is_readable( __DIR__ . '/server.txt' ) ) {
	$devwikiServer = trim( file_get_contents( __DIR__ . '/server.txt' ) );
}
$wgServer = $devwikiServer ?: 'http://127.0.0.1';
$wgCanonicalServer = $wgServer;
$wgResourceBasePath = $wgScriptPath;
$wgLogos = [
	'1x' => "$wgResourceBasePath/resources/assets/change-your-logo.svg",
	'icon' => "$wgResourceBasePath/resources/assets/change-your-logo-icon.svg",
];

$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEmailAuthentication = false;
$wgPingback = false;
$wgUseInstantCommons = false;
$wgEnableUploads = false;

$wgDBtype = "sqlite";
$wgDBserver = "";
$wgDBname = $devwikiSite['dbname'];
$wgDBuser = "";
$wgDBpassword = "";
$wgSQLiteDataDir = __DIR__ . '/data';
$wgObjectCaches[CACHE_DB] = [
	'class' => SqlBagOStuff::class,
	'loggroup' => 'SQLBagOStuff',
	'server' => [
		'type' => 'sqlite',
		'dbname' => 'wikicache',
		'tablePrefix' => '',
		'variables' => [ 'synchronous' => 'NORMAL' ],
		'dbDirectory' => $wgSQLiteDataDir,
		'trxMode' => 'IMMEDIATE',
		'flags' => 0
	]
];
$wgObjectCaches['db-replicated'] = [
	'factory' => 'Wikimedia\ObjectFactory\ObjectFactory::getObjectFromSpec',
	'args' => [ [ 'factory' => 'ObjectCache::getInstance', 'args' => [ CACHE_DB ] ] ]
];
$wgJobTypeConf['default'] = [
	'class' => 'JobQueueDB',
	'claimTTL' => 3600,
	'server' => [
		'type' => 'sqlite',
		'dbname' => "{$wgDBname}_jobqueue",
		'tablePrefix' => '',
		'variables' => [ 'synchronous' => 'NORMAL' ],
		'dbDirectory' => $wgSQLiteDataDir,
		'trxMode' => 'IMMEDIATE',
		'flags' => 0
	]
];
$wgResourceLoaderUseObjectCacheForDeps = true;

// The localisation cache is the same for every wiki (same code, same extensions), so it is built
// once into CDB files shared by all wikis (DEVWIKI_L10N_DIR, set by the harness) and never
// rebuilt on a request: a fresh copy of a wiki then starts without a multi-second rebuild and
// without copying megabytes of cache.
$devwikiL10n = getenv( 'DEVWIKI_L10N_DIR' ) ?: ( $devwikiSite['l10n_dir'] ?? '' );
$wgCacheDirectory = __DIR__ . '/cache';
if ( $devwikiL10n !== '' ) {
	$wgLocalisationCacheConf['store'] = 'files';
	$wgLocalisationCacheConf['storeDirectory'] = $devwikiL10n;
	$wgLocalisationCacheConf['manualRecache'] = true;
}

// CACHE_NONE (what install.php writes) silently disables $wgRateLimits; production has a
// cache, so the local wikis use the database as theirs.
$wgMainCacheType = CACHE_DB;
$wgSessionCacheType = CACHE_DB;
$wgMemCachedServers = [];

$wgLanguageCode = $devwikiSite['lang'];
// Every wiki has interwiki rows en/ru/tt (written by the harness, with ports); its own prefix is
// local, so [[en:X]] on en is an ordinary link, as on Wikipedia.
$wgLocalInterwikis = [ $devwikiSite['lang'] ];
$wgLocaltimezone = $devwikiSite['timezone'];
date_default_timezone_set( 'UTC' );
$wgSecretKey = $devwikiSite['secret_key'];
$wgAuthenticationTokenVersion = "1";
$wgUpgradeKey = substr( $wgSecretKey, 0, 16 );
$wgDiff3 = "/usr/bin/diff3";
$wgShellRestrictionMethod = false;

// Production runs the job queue continuously in separate runners, never as a side effect of
// page views. With the default $wgJobRunRate = 1 jobs would run at random moments (only after
// index.php views, never after API calls), so tests could not know what state the wiki is in.
// Here jobs run only when the harness runs them (runJobs.php), e.g. before every bot run.
$wgJobRunRate = 0;

// Replayed history is dated weeks or months back; keep it in recent changes, as production
// does for anything the bot looks at during a contest.
$wgRCMaxAge = 10 * 365 * 24 * 3600;

// A revert's `mw-reverted` tag is queued only once the revert is "approved": at once when RC
// patrolling is off (enwiki), else only when the revert is (auto)patrolled or, with FlaggedRevs
// (ruwiki), reviewed. The local wikis take enwiki's rule everywhere, so every undo or rollback
// tags the reverted edits once jobs run; the bot must still not rely on the tag alone (sha1).
$wgUseRCPatrol = false;

$wgGroupPermissions['*']['createaccount'] = true;

// Wikipedia's administrators may hide a revision's text, summary or author (revision
// deletion) and a log entry's; MediaWiki gives these rights to no group but `suppress` by
// default. The local sysops get them, so the history gaps real wikis have can be made here.
$wgGroupPermissions['sysop']['deleterevision'] = true;
$wgGroupPermissions['sysop']['deletelogentry'] = true;
// The bot's account may read deleted revisions' metadata (who wrote a deleted article), as
// an account given `deletedhistory` on a real wiki may; see docs/operator-guide.md for what
// the bot does without it. Its bot password carries the matching grant (`viewdeleted`).
$wgGroupPermissions['bot']['deletedhistory'] = true;
$wgGroupPermissions['*']['edit'] = true;

// Every wiki has a Draft namespace (enwiki's numbers), so draft-to-article moves can be tested.
define( 'NS_DRAFT', 118 );
define( 'NS_DRAFT_TALK', 119 );
$wgExtraNamespaces[NS_DRAFT] = 'Draft';
$wgExtraNamespaces[NS_DRAFT_TALK] = 'Draft_talk';

$wgDefaultSkin = "vector";
wfLoadSkin( 'Vector' );
// The mobile skin (as on m.wikipedia.org): pages are checked at 360 px in it (?useskin=minerva).
wfLoadSkin( 'MinervaNeue' );
wfLoadExtension( 'ParserFunctions' );
$wgPFEnableStringFunctions = true;
wfLoadExtension( 'Cite' );
wfLoadExtension( 'Scribunto' );
$wgScribuntoDefaultEngine = 'luastandalone';
$wgScribuntoEngineConf['luastandalone']['luaPath'] = '/usr/bin/lua5.1';
wfLoadExtension( 'InputBox' );
wfLoadExtension( 'CategoryTree' );
// TemplateData: each template's documentation shows its parameters as a table (not raw JSON),
// and the editors offer them; Wikimedia wikis have it.
wfLoadExtension( 'TemplateData' );

// Fake replication lag: a test writes a number of seconds into maxlag.txt; requests with a
// smaller maxlag parameter then fail with "maxlag", as on a lagged production wiki.
$wgHooks['ApiMaxLagInfo'][] = static function ( &$lagInfo ) {
	$file = __DIR__ . '/maxlag.txt';
	if ( is_readable( $file ) ) {
		$lag = (float)trim( (string)file_get_contents( $file ) );
		if ( $lag > $lagInfo['lag'] ) {
			$lagInfo = [ 'host' => 'devwiki-fake-replica', 'lag' => $lag, 'type' => 'db' ];
		}
	}
};

// Per-wiki overrides a test may drop in (rate limits, permissions...), without changing this file.
if ( is_readable( __DIR__ . '/extra.php' ) ) {
	require __DIR__ . '/extra.php';
}

// Tests play many users who edit far faster than people do; MediaWiki's default rate
// limits (8 edits a minute for new accounts, counted per IP, and every test user is
// 127.0.0.1) would stop them. Logged-in users are exempt here; anonymous edits are not.
$wgGroupPermissions['user']['noratelimit'] = true;
