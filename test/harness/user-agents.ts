// Real user agents for the bot-classification unit tests (bots.test.ts, bots-datacenter.test.ts): browsers, in-app
// browsers, link-preview fetchers, scanners, automation and crawlers, each with the reason it must get.
import type { BotReason } from '../../core/bots.js'

/** Real user agents as browsers, apps and fetchers send them, each with the reason it must get ('' = human). */
export const USER_AGENTS: Array<[string, BotReason | '', string]> = [
  // People: mobile browsers
  [
    'iPhone Safari (iOS 17)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ],
  [
    'iPhone Safari (iOS 16)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  ],
  [
    'iPad Safari',
    '',
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ],
  [
    'Chrome on iOS',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  ],
  [
    'Firefox on iOS',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
  ],
  [
    'Android Chrome (reduced UA)',
    '',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  ],
  [
    'Android Chrome (Pixel)',
    '',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36',
  ],
  [
    'Samsung Internet 25',
    '',
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  ],
  [
    'Samsung Internet 23',
    '',
    'Mozilla/5.0 (Linux; Android 13; SM-A536U) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  ],
  ['Firefox on Android', '', 'Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0'],
  [
    'Edge on Android',
    '',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 EdgA/126.0.2592.56',
  ],
  [
    'Opera on Android',
    '',
    'Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36 OPR/76.2.4027.73374',
  ],
  [
    'DuckDuckGo on Android',
    '',
    'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.0.0 Mobile DuckDuckGo/5 Safari/537.36',
  ],
  [
    'Huawei Browser',
    '',
    'Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.13.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36',
  ],
  [
    'Android WebView',
    '',
    'Mozilla/5.0 (Linux; Android 13; SM-G991U Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Mobile Safari/537.36',
  ],
  // People: in-app browsers
  [
    'Facebook in-app browser (iOS, FBAN/FBAV)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.38.108;FBBV/577435358;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/579457658]',
  ],
  [
    'Facebook in-app browser (Android, FB_IAB)',
    '',
    'Mozilla/5.0 (Linux; Android 13; SM-S908U Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/457.0.0.41.109;]',
  ],
  [
    'Messenger in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/436.0.0.36.109;FBBV/528574364;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]',
  ],
  [
    'Instagram in-app browser (iOS)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 608766469)',
  ],
  [
    'Instagram in-app browser (Android)',
    '',
    'Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.147 Mobile Safari/537.36 Instagram 335.0.0.39.93 Android (34/14; 480dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US; 605596428)',
  ],
  [
    'TikTok in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en WKWebView/1 BytedanceWebview/d8a21c6',
  ],
  [
    'Snapchat in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/13.0.0.44 (like Safari/8618.2.12.10.5, panda)',
  ],
  [
    'X (Twitter) in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.48',
  ],
  [
    'LinkedIn in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8960',
  ],
  [
    'LINE in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.6.0',
  ],
  [
    'WeChat in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/en',
  ],
  [
    'Google app (GSA)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/322.0.648915268 Mobile/15E148 Safari/604.1',
  ],
  // People: desktop
  [
    'Chrome on Windows',
    '',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  ],
  [
    'Safari on macOS',
    '',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  ],
  [
    'Avast Secure Browser (a security vendor, but a person)',
    '',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Avast/126.0.25496.127',
  ],
  // Link-preview fetchers
  [
    'iMessage preview',
    'link_preview',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  ],
  [
    'Facebook crawler',
    'link_preview',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  ],
  ['WhatsApp (Android)', 'link_preview', 'WhatsApp/2.23.20.0 A'],
  ['WhatsApp (iOS)', 'link_preview', 'WhatsApp/2.19.175 i'],
  ['Signal (sends "WhatsApp")', 'link_preview', 'WhatsApp'],
  ['Slack unfurler', 'link_preview', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['Slack image proxy', 'link_preview', 'Slack-ImgProxy (+https://api.slack.com/robots)'],
  ['Twitter / X cards', 'link_preview', 'Twitterbot/1.0'],
  ['Telegram', 'link_preview', 'TelegramBot (like TwitterBot)'],
  ['Discord', 'link_preview', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  [
    'Skype / Teams',
    'link_preview',
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
  ],
  [
    'LinkedIn',
    'link_preview',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  ],
  ['Google Messages', 'link_preview', 'GoogleMessages'],
  [
    'Google snippet renderer',
    'link_preview',
    'Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)',
  ],
  [
    'Snapchat preview',
    'link_preview',
    'Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots',
  ],
  // Security scanners
  ['Office link check (Safe Links)', 'security_scanner', 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)'],
  ['Office existence discovery', 'security_scanner', 'Microsoft Office Existence Discovery'],
  ['Barracuda Sentinel', 'security_scanner', 'Barracuda Sentinel (EE)'],
  [
    'Palo Alto Expanse',
    'security_scanner',
    'Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers&#39; presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com',
  ],
  ['Netcraft', 'security_scanner', 'Mozilla/5.0 (compatible; NetcraftSurveyAgent/1.0; +info@netcraft.com)'],
  ['Censys', 'security_scanner', 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)'],
  // Automation and HTTP libraries
  [
    'Headless Chrome',
    'automation',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36',
  ],
  ['curl', 'automation', 'curl/8.4.0'],
  ['python-requests', 'automation', 'python-requests/2.31.0'],
  ['Go net/http', 'automation', 'Go-http-client/1.1'],
  ['OkHttp', 'automation', 'okhttp/4.12.0'],
  ['Wget', 'automation', 'Wget/1.21.4'],
  ['Java HttpURLConnection', 'automation', 'Java/17.0.8'],
  ['Apache HttpClient', 'automation', 'Apache-HttpClient/4.5.14 (Java/17.0.8)'],
  ['axios', 'automation', 'axios/1.6.7'],
  [
    'Android app HTTP stack',
    'automation',
    'Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230901.001)',
  ],
  ['iOS app HTTP stack', 'automation', 'Messages/1 CFNetwork/1410.0.3 Darwin/22.6.0'],
  ['Postman', 'automation', 'PostmanRuntime/7.36.3'],
  ['Scrapy', 'automation', 'Scrapy/2.11.0 (+https://scrapy.org)'],
  // Crawlers isbot knows
  ['Googlebot', 'bot_user_agent', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Bingbot', 'bot_user_agent', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  [
    'Applebot',
    'bot_user_agent',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  ],
  ['AhrefsBot', 'bot_user_agent', 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)'],
  ['Unknown non-browser agent', 'bot_user_agent', 'Foo'],
  // Nothing at all
  ['Empty', 'empty_user_agent', ''],
  ['Blank', 'empty_user_agent', '   '],
]
