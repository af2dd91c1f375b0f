// Generated from the API's OpenAPI document by `npm run generate:client` (bin/generate-web-client.ts).
// Do not edit: change the route schemas and regenerate.
export interface paths {
  '/api/v1/contacts': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Create a contact (v1, deprecated no-op: use POST /api/v2/contacts)
     * @deprecated
     */
    post: operations['createContactV1']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/contacts/{msisdn}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /**
     * Delete a contact (v1, deprecated no-op: use DELETE /api/v2/contacts)
     * @deprecated
     */
    delete: operations['deleteContactV1']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/messages': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send one message (deprecated: use POST /api/v2/send)
     * @deprecated
     */
    post: operations['sendMessageV1']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/messages/bulk': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send up to 1,000 messages (deprecated: use POST /api/v2/send/bulk)
     * @deprecated
     */
    post: operations['bulkSendMessagesV1']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/account/security': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The account’s sign-in policy */
    get: operations['getAccountSecurity']
    /**
     * Require two-factor for every signed-in user of the account (owner)
     * @description While on, a signed-in user without two-factor gets 403 `two_factor_setup_required` from every account route until they turn it on (the session and two-factor routes stay open). API keys are not affected.
     */
    put: operations['updateAccountSecurity']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/account/settings': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Brand name, message templates, quiet hours, time zone, spam complaints, bot filter */
    get: operations['getAccountSettings']
    /**
     * Change account settings (owner)
     * @description Partial: fields left out keep their value. Changes apply to messages built afterwards (campaign runs, estimates) and are written to the audit log. `bot_filter_mode` is the value `PUT /tracking/settings` also sets; redirects see a change within about a minute.
     */
    put: operations['updateAccountSettings']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/analytics/sql': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Run a read-only SQL query over your raw events
     * @description Codes: `invalid_sql` (does not parse or fails), `sql_not_allowed` (not a single SELECT over the documented tables), `sql_timeout`, `sql_too_many_rows`, `sql_busy` (another query of the account is running; Retry-After).
     */
    post: operations['runAnalyticsSql']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/audiences': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List audiences */
    get: operations['listAudiences']
    put?: never
    /** Create an audience */
    post: operations['createAudience']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/audiences/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get an audience */
    get: operations['getAudience']
    /** Update an audience (partial); a new filter or new source lists clear the cached size */
    put: operations['updateAudience']
    post?: never
    /** Archive an audience */
    delete: operations['deleteAudience']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/audiences/{id}/size': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Count the audience now (distinct active contacts of the source lists, account-wide blocks excluded) and refresh its cached size */
    get: operations['getAudienceSize']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/audiences/size': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Count a filter over source lists without saving anything (the builder’s live size)
     * @description The same count as GET /audiences/:id/size, for a filter that is not (or not yet) an audience’s: nothing is stored. Errors name the filter path they concern, as on create.
     */
    post: operations['previewAudienceSize']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/audit-log': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The account’s audit log, newest first (owner) */
    get: operations['listAuditLog']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/password': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Change the signed-in user’s password
     * @description Signs out every other session of the user (this one stays). 400 `invalid_password` for a wrong current password (failures are limited like sign-ins: 429 `rate_limited`), `weak_password` under 8 characters.
     */
    put: operations['changePassword']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/password-reset': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Request a password reset (no API key)
     * @description Always answers `{success: true}`, whether or not the email has a user. A known email is sent a reset link valid 1 hour (its token goes to `POST /auth/password-reset/confirm`).
     */
    post: operations['requestPasswordReset']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/password-reset/confirm': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * What a password reset link opens (no API key)
     * @description The emailed reset link opens here; the token is not used up.
     */
    get: operations['getPasswordReset']
    put?: never
    /**
     * Set a new password with a reset token (no API key)
     * @description The token works once (then 400 `invalid_token`) and for 1 hour (then 410 `token_expired`). Using it voids the user’s other reset tokens and signs out every session of the user. 400 `weak_password` under 8 characters.
     */
    post: operations['confirmPasswordReset']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/session': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * The signed-in session
     * @description 401 `unauthorized` when not signed in or the session has ended (14 days idle, 30 in all).
     */
    get: operations['getSession']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/session/account': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Open another of the user’s accounts in this session
     * @description Every later request acts on this account with the user’s role on it. 404 `not_found` for an account the user does not belong to, exactly as for one that does not exist.
     */
    put: operations['switchSessionAccount']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/sign-in': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Sign in to the dashboard (sets the session cookie)
     * @description Answers the session and sets the `trackly_session` cookie (HttpOnly, SameSite=Lax, Secure over https). 401 `invalid_credentials` for a wrong email or password (alike). A user with two-factor on gets 401 `two_factor_required` without a code and `invalid_two_factor_code` with a wrong or used one; `recovery_code` instead of `totp_code` uses up that recovery code. Failed attempts are limited per client address and per email (429 `rate_limited` with Retry-After). A sign-in from an address the user has not used before is emailed to them.
     */
    post: operations['signIn']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/sign-out': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Sign this session out
     * @description 204 also when the session had ended already. Needs X-CSRF-Token while it is live.
     */
    post: operations['signOut']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/sign-out-everywhere': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Sign out every session of the user, this one included */
    post: operations['signOutEverywhere']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/two-factor/disable': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Turn two-factor off (password and a current code)
     * @description `code`: the app’s current code, or a recovery code if the device is lost. 400 `invalid_password` or `invalid_code`; failures are limited like sign-ins (429 `rate_limited`). 409 `two_factor_not_enabled`.
     */
    post: operations['disableTwoFactor']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/two-factor/enable': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Turn two-factor on with a code from the app; answers ten recovery codes
     * @description The recovery codes are shown this once (stored hashed); each signs in once in place of a code. 400 `invalid_code` for a wrong code; 409 `two_factor_setup_not_started` before setup.
     */
    post: operations['enableTwoFactor']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/auth/two-factor/setup': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Start two-factor enrolment: a new secret and its QR code
     * @description Scan `qr_svg` (or enter `secret`) in an authenticator app, then confirm with `POST /auth/two-factor/enable`. Until then sign-in is unchanged. 409 `two_factor_already_enabled`.
     */
    post: operations['setupTwoFactor']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/contacts': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The account's contacts, newest signup first */
    get: operations['listContacts']
    /** Update a contact's custom fields on a list */
    put: operations['updateContact']
    /**
     * Create or update a contact on a list
     * @description Upserts the global contact (unique by E.164) and its subscription to the list. Signing up again re-subscribes an unsubscribed contact. A contact object is at most 4000 bytes.
     */
    post: operations['createContact']
    /**
     * Unsubscribe a contact from a list
     * @description Sets the subscription inactive (reason api) and keeps all history. Always succeeds; unsubscribed is true only when this call ended an active subscription.
     */
    delete: operations['deleteContact']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/contacts/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One contact and its subscription on each list */
    get: operations['getContact']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/contacts/{id}/block': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Block a contact on every list of the account
     * @description The number gets nothing from any list of the account (queued messages are dropped as `contact_blocked`) until it is unblocked; its subscriptions are kept. Blocking a blocked contact changes nothing.
     */
    put: operations['blockContact']
    post?: never
    /**
     * Lift a contact’s account-wide block
     * @description Whatever set the block (the dashboard, a complaint). The contact is sent to again on the lists it is subscribed to. Unblocking a contact that is not blocked changes nothing.
     */
    delete: operations['unblockContact']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/contacts/{id}/consent': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * A contact's consent evidence on each list
     * @description Per list: signup method and date, IP address, URL, ad-network source, opt-in keyword or form, consent date, opt-out date and reason. `format=csv` (or `Accept: text/csv`) answers it as a CSV download, one row per list.
     */
    get: operations['getContactConsent']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/contacts/bulk': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Create or update up to 1,000 contacts
     * @description Each contact is validated on its own (same fields as POST /contacts); valid ones are written even when others fail.
     */
    post: operations['bulkCreateContacts']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/contacts/import': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Import contacts from CSV text (dry run by default)
     * @description Columns: phone_number|phone|msisdn (required), email, first_name, last_name, carrier, line_type (CELL PHONE, VOIP, LANDLINE, UNKNOWN), consent_date (YYYY-MM-DD, MM/DD/YYYY, MM-DD-YYYY or ISO; aliases consentdate, consent, opted_in_date, optin_date), ad_network_source, ad_network_id, and the consent evidence ip_address (alias ip), signup_url (alias url), opt_in_keyword (aliases optin_keyword, keyword) and opt_in_form (aliases optin_form, form). Custom fields cannot be set through CSV. At most 5,000 rows; numbers are normalised to E.164 and de-duplicated. A real run is idempotent and does not re-subscribe unsubscribed contacts.
     */
    post: operations['importContacts']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/creatives': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List creatives */
    get: operations['listCreatives']
    put?: never
    /** Create a creative */
    post: operations['createCreative']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/creatives/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get a creative */
    get: operations['getCreative']
    /** Update a creative (partial; counts are recalculated) */
    put: operations['updateCreative']
    post?: never
    /** Archive a creative */
    delete: operations['deleteCreative']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/creatives/estimate': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Estimate the characters and SMS segments of a message
     * @description Links ({{linkN}}) count as 23 characters each; the account compliance prefix and suffix are included unless apply_templates is false.
     */
    post: operations['estimateCreative']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/history/clear': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /**
     * Permanently delete imported history
     * @description sends: imported sends only; clicks: the clicks of imported sends (and imported clicks); revenue: ALL of the account’s revenue, live included. before_date limits it to earlier events.
     */
    delete: operations['clearHistory']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/history/clicks': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Import past clicks (one per message)
     * @description The message must be yours (imported or live) and phone_number its recipient. A message that already has its first click keeps it: the record is a duplicate.
     */
    post: operations['importHistoryClicks']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/history/revenue': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Import past revenue
     * @description Credited like live conversions. A record posted again (same fields) is a duplicate. Without a timestamp the import time is used.
     */
    post: operations['importHistoryRevenue']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/history/sends': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Import past sends
     * @description Each send becomes an imported message (its id is the message id) and a send event, reported like live sends. Ids already imported are skipped.
     */
    post: operations['importHistorySends']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/invitations/accept': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * What an invitation link offers (no API key)
     * @description The emailed invitation link opens here. `existing_user`: the email has a login already, so `POST /invitations/accept` needs no password.
     */
    get: operations['getInvitation']
    put?: never
    /**
     * Accept an invitation (no API key)
     * @description The token is the one emailed to the invitee; holding it proves the mailbox. A new email becomes a user with `password` (400 `missing_password` without it, `weak_password` under 8 characters). A user who exists already gets access with no password: `password` is neither checked nor changed. 410 `token_expired` after 7 days; 400 `invalid_token` for an unknown or used token.
     */
    post: operations['acceptInvitation']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/journeys': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List journeys (non-archived unless status is given), newest first */
    get: operations['listJourneys']
    put?: never
    /**
     * Create a welcome journey
     * @description Lists, creatives and offers named by the journey must be your own.
     */
    post: operations['createJourney']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/journeys/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get a journey with its enrollment counts */
    get: operations['getJourney']
    /**
     * Update a journey (partial)
     * @description Active enrollments carry on at their step index with the new steps. Setting status archived is the same as DELETE. An archived journey cannot change (409 journey_archived).
     */
    put: operations['updateJourney']
    post?: never
    /**
     * Archive a journey
     * @description Its active enrollments end (status exited, reason journey_archived); history is kept.
     */
    delete: operations['deleteJourney']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/journeys/{id}/enrollments': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** A journey's enrollments, newest first, with their status and current step */
    get: operations['listJourneyEnrollments']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/journeys/{id}/enrollments/{enrollment_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One enrollment with every step it ran and which branch each condition took */
    get: operations['getJourneyEnrollment']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/keys': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List the account’s active API keys (owner)
     * @description Never returns a key or its hash: only its display prefix.
     */
    get: operations['listApiKeys']
    put?: never
    /**
     * Create an API key (owner)
     * @description The key (`trk_` + 32 alphanumerics) is in `api_key` of this reply only; it is stored as a hash.
     */
    post: operations['createApiKey']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/keys/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /**
     * Revoke an API key (owner)
     * @description The key is refused from the next request on. The account’s last owner key cannot be revoked (409 `last_owner_key`).
     */
    delete: operations['deleteApiKey']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/links': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Create a tracked short link to an offer
     * @description offerId wins over externalOfferId, listId over phoneNumber. The offer must be active, the list active with a shortener domain. Query parameters added to the short URL (sub1, source, …) are passed into the destination macros or appended. Every call mints a new link.
     */
    post: operations['createLink']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/links/shorten': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Shorten a URL or an offer into a tracked short link
     * @description offerId wins over url, listId over phoneNumber. Every call mints a new link.
     */
    post: operations['shortenLink']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/lists': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List sending lists (deleted lists only when status=deleted) */
    get: operations['listLists']
    put?: never
    /**
     * Create a sending list (owner)
     * @description Credentials are checked with the provider (one authenticated call that sends nothing) before anything is saved: 400 `invalid_provider_credentials` when it refuses them. They are stored encrypted and never returned. The reply carries the webhook URLs to paste at the provider; a BYOC list sends only once a verified webhook has arrived (`webhook_verified_at`).
     */
    post: operations['createList']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/lists/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get a sending list */
    get: operations['getList']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Edit a sending list (owner)
     * @description Only the fields given change; null clears a domain. New credentials are checked with the provider before saving; a new provider needs its credentials and waits again for a verified webhook.
     */
    patch: operations['updateList']
    trace?: never
  }
  '/api/v2/lists/{id}/test-send': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send a test text through the list’s own provider (owner)
     * @description The BYOC check’s second step (credentials test → send test → webhook reply): one fixed test text goes to `to` from the list’s number through its provider with its credentials, and the provider’s delivery report to the list’s status webhook URL is the third step (`webhook_verified_at`). The credentials are tried first: 400 `invalid_provider_credentials` when the provider refuses them; 422 `test_send_failed` with the provider’s code and words when it does not take the message. On success the list’s `test_sent_at` is set and the reply carries the provider’s message id. At most 5 test sends per list and minute (429 `rate_limited`).
     */
    post: operations['sendListTest']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/lists/health': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Delivery, failure and opt-out rates of every list over the last 30 days
     * @description One row per list that is not deleted, zeros when it sent nothing. Rates as in the reports (spec §22): delivered / sends, (failed + undelivered) / sends, unsubscribes / sends. Contact counts are on the list itself.
     */
    get: operations['getListHealth']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/live/feed': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * The latest live events of the account, newest first
     * @description Open `GET /live/stream?last_event_id=<last_event_id>` afterwards to receive exactly what follows.
     */
    get: operations['getLiveFeed']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/live/stream': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Server-sent events of the account, live
     * @description Each event: `id: <stream position>`, `event: <type>`, `data: <LiveEvent JSON>`. Reconnecting with Last-Event-ID (EventSource does it) or `?last_event_id=` resumes exactly after that event. An `event: reset` says events after the resume position were trimmed: refetch the feed. Comment lines every 15 s keep the connection open. Codes: `invalid_last_event_id`, `too_many_streams` (429 with Retry-After).
     */
    get: operations['liveStream']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/messages': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * The account's messages, or one contact's, newest first
     * @description One contact: by `contact_id`, or by the number the messages went to (`to`). Each opens with GET /messages/:id.
     */
    get: operations['listMessages']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/messages/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One message and where it is in its lifecycle */
    get: operations['getMessage']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/ml/creatives': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Posteriors of every automated creative, globally and per contact-context value
     * @description Counts come from the sends, clicks and revenue streams within seconds. Beta(1, 1) priors: CTR is clicks of sends, the conversion rate conversions of clicks.
     */
    get: operations['listMlCreatives']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/ml/settings': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Creative selection settings */
    get: operations['getMlSettings']
    /**
     * Change the creative selection settings (member)
     * @description Partial: fields left out keep their value. Campaign runs read them when they start.
     */
    put: operations['updateMlSettings']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/offers': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List offers (non-archived unless status is given) */
    get: operations['listOffers']
    put?: never
    /** Create an offer */
    post: operations['createOffer']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/offers/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get an offer */
    get: operations['getOffer']
    /** Update an offer (partial; metadata is merged) */
    put: operations['updateOffer']
    post?: never
    /** Archive an offer */
    delete: operations['deleteOffer']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/otp/send': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send a one-time passcode
     * @description Sends a 4–10 digit code as a transactional message (exempt from quiet hours) and supersedes earlier unverified codes to the same number from the same list. At most one code per 30 s and 5 per hour to a number (429 `otp_rate_limited` with `retry_after`). Honours `Idempotency-Key`.
     */
    post: operations['sendOtp']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/otp/verify': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Verify a one-time passcode
     * @description Checks the code of `otp_id`, else of the latest code sent to `to` (from `list_number` when given). Each code allows 5 guesses: a wrong one is 400 `invalid_code` with `attempts_remaining`, and after the last the code is dead (429 `otp_attempts_exceeded`). Expired or superseded codes are 400 `otp_expired`; a used one is 400 `otp_already_verified`.
     */
    post: operations['verifyOtp']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/postbacks/allow-unsigned': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Allow or refuse postbacks without the secret (owner)
     * @description Off by default: a postback, conversion or pixel request without `postback_secret` is refused with `missing_postback_secret`. On: such requests are accepted; a wrong secret is still refused. Takes effect on ingest within about 5 seconds; audited.
     */
    put: operations['updatePostbackAllowUnsigned']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/postbacks/allowlist': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Replace the postback IP allow-list (owner)
     * @description At most 100 entries; stored canonical (host bits cleared, duplicates dropped). IPv4-mapped IPv6 entries match IPv4 clients. Takes effect on ingest within about 5 seconds; audited.
     */
    put: operations['updatePostbackAllowlist']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/postbacks/secret': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Generate (rotate) the postback secret (owner)
     * @description Every postback, conversion and pixel request must then carry it as `postback_secret` (or `secret`); the previous secret stops working. Takes effect on ingest within about 5 seconds; audited.
     */
    post: operations['rotatePostbackSecret']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/postbacks/settings': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Postback verification settings and URL templates
     * @description The postback secret every account gets at creation (the secret itself for owners only), whether postbacks without it are allowed, the IP allow-list, and the postback URLs for TUNE, Everflow, Cake, `/conv/offer`, `/conv` and the pixel, with the secret in them.
     */
    get: operations['getPostbackSettings']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/replies': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List replies to the account’s numbers, newest first */
    get: operations['listReplies']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/reports/ltv': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * LTV cohorts of list contacts by signup date, list, carrier or custom field
     * @description Contacts who signed up in [from, to) and the revenue credited to them on that list within 7, 14, 30 and 60 days of signup and since signup.
     */
    get: operations['getLtvReport']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/reports/messages/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Sends, deliveries, clicks and revenue of one message */
    get: operations['getMessageReport']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/reports/overview': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Overview tiles for a range, beside the equal-length range just before it
     * @description Without `from` and `to`: today in the account’s timezone (beside yesterday). Events count at their own time.
     */
    get: operations['getOverview']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/reports/performance': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Performance grouped by date, hour, offer, creative, schedule, variant, list, carrier or custom field
     * @description Events count at their own time (UTC). CSV (`format=csv`) leaves out bot and filtered clicks (spec §12).
     */
    get: operations['getPerformanceReport']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/reports/timeseries': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Sends, first human clicks and revenue per minute, up to now
     * @description One bucket per minute, oldest first, the last one being the current (partial) minute.
     */
    get: operations['getTimeseries']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/revenue': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Record revenue for one of your messages
     * @description Credited like a network conversion: to the message's first human click, its creative, offer, contact and campaign. Supports Idempotency-Key.
     */
    post: operations['createRevenue']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/revenue/bulk': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Record up to 1,000 revenue records; each is validated on its own
     * @description Records have the fields of POST /revenue. Supports Idempotency-Key.
     */
    post: operations['bulkCreateRevenue']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/schedules': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List schedules (archived ones only when status is given; not paginated) */
    get: operations['listSchedules']
    put?: never
    /** Create a schedule */
    post: operations['createSchedule']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/schedules/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get a schedule */
    get: operations['getSchedule']
    /** Update a schedule (partial; validated as a whole; PUT status draft|off restores an archived one) */
    put: operations['updateSchedule']
    post?: never
    /** Archive a schedule */
    delete: operations['deleteSchedule']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/schedules/{id}/runs': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Campaign progress: each run (occurrence) of the schedule, live while it sends */
    get: operations['listScheduleRuns']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/schedules/{id}/runs/{runId}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * One run of a campaign: live progress, and its variants side by side with the ML posteriors
     * @description Per blast variant, and per creative of the ML and control shares: the run’s counts with 95% credible intervals of click and conversion rates; automated creatives also carry the selector’s posterior.
     */
    get: operations['getScheduleRun']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/schedules/estimate': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Review a schedule body before creating it: audience, each variant's segments, and the cost
     * @description The body of POST /schedules, checked by the same rules (same error codes); nothing is stored. Characters and segments are counted as POST /creatives/estimate counts them (links 23 characters, the account prefix and suffix included); the cost is that of the segments at the price of spec §20.
     */
    post: operations['estimateSchedule']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/send': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Send one message */
    post: operations['sendMessage']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/send-raw': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Send one message, skipping the checks named by its flags */
    post: operations['sendRawMessage']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/send-raw/bulk': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Send up to 1,000 raw messages (flags per message); each is validated on its own */
    post: operations['bulkSendRawMessages']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/send/bulk': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Send up to 1,000 messages; each is validated on its own */
    post: operations['bulkSendMessages']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/team': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Members of the account and open invitations */
    get: operations['listTeam']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/team/{user_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Change a member’s role (owner)
     * @description Applies from the member’s next request. The account keeps at least one owner (409 `last_owner`). API keys the member created are lowered to the new role if they were above it.
     */
    put: operations['updateTeamMember']
    post?: never
    /**
     * Remove a member’s access (owner)
     * @description Also revokes the API keys the member created. Nobody removes themselves (409 `cannot_remove_self`: the user who created the calling key) or the last owner (409 `last_owner`).
     */
    delete: operations['removeTeamMember']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/team/invitations': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Invite someone by email with a role (owner)
     * @description The invitation is valid 7 days. A new invitation for the same email replaces a pending one. 409 `already_member` when the email already has access to the account. The link is emailed to the invitee and never returned here: its token lets an existing user join with no password, so only the invited mailbox may hold it. 503 `service_unavailable` when the email cannot be sent (nothing is changed then).
     */
    post: operations['createInvitation']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/team/invitations/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /** Withdraw an invitation (owner) */
    delete: operations['deleteInvitation']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/team/invitations/{id}/resend': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Resend an invitation: a new link, valid 7 days from now (owner)
     * @description The previous link stops working. Expired invitations can be resent. The link is emailed to the invitee and never returned here: its token lets an existing user join with no password, so only the invited mailbox may hold it. 503 `service_unavailable` when the email cannot be sent (nothing is changed then).
     */
    post: operations['resendInvitation']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/tracking/settings': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Bot-filter mode and blocked countries */
    get: operations['getTrackingSettings']
    /**
     * Change the bot-filter mode or the blocked countries (owner)
     * @description Partial: fields left out keep their value; `blocked_countries` replaces the list. Changes reach redirects within about a minute (the link cache lifetime).
     */
    put: operations['updateTrackingSettings']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/webhooks': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List webhook endpoints */
    get: operations['listWebhooks']
    put?: never
    /**
     * Create a webhook endpoint
     * @description The URL is checked now (syntax, host, DNS) and again before every delivery. The signing secret is in this reply only.
     */
    post: operations['createWebhook']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/webhooks/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Get a webhook endpoint */
    get: operations['getWebhook']
    put?: never
    post?: never
    /** Delete a webhook endpoint and its delivery history */
    delete: operations['deleteWebhook']
    options?: never
    head?: never
    /**
     * Update a webhook endpoint (partial)
     * @description Pausing stops its pending deliveries (they fail with `endpoint_paused`); resuming clears the failure count.
     */
    patch: operations['updateWebhook']
    trace?: never
  }
  '/api/v2/webhooks/{id}/deliveries': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Recent deliveries of a webhook endpoint, newest first */
    get: operations['listWebhookDeliveries']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/webhooks/{id}/rotate-secret': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Replace the signing secret
     * @description Takes effect at once: deliveries from now on are signed with the new secret only.
     */
    post: operations['rotateWebhookSecret']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v2/webhooks/{id}/test': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send a signed `test` event now
     * @description One attempt, made during this request (up to 10 s), whatever the endpoint’s status; not retried and not counted toward auto-pause. The outcome is in `delivery`.
     */
    post: operations['testWebhook']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
}
export type webhooks = Record<string, never>
export interface components {
  schemas: {
    AccountSettings: {
      /**
       * @description Default bot-filter mode of the account’s links (an offer may override it); the same value as `GET /tracking/settings`
       * @enum {unknown}
       */
      bot_filter_mode: 'no_filter' | 'filter'
      /** @description Fills `{{brand_name}}` on lists that have no brand name of their own; empty: none */
      brand_name: string
      /** @description TCPA quiet hours: US recipients get messages 8:00–21:00 their local time (state rules apply); later ones wait, they are not dropped. Off: messages go at once */
      quiet_hours: boolean
      /**
       * @description A spam/scam/junk reply unsubscribes the contact (reason complaint), or is only labelled
       * @enum {unknown}
       */
      spam_complaint_action: 'act_as_stop' | 'label_only'
      /** @description Put before every campaign message (default `{{brand_name}}: `). Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`). */
      template_prefix: string
      /** @description Put after every campaign message (default ` Reply stop to stop. Help for help.`). Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`). */
      template_suffix: string
      /** @description IANA time zone (e.g. America/Chicago) of contacts without one and of schedules’ wall clock (400 `invalid_timezone`) */
      timezone: string
    }
    ApiKey: {
      /** Format: date-time */
      created_at: string
      /** @description User id of the creator */
      created_by: string | null
      id: string
      /**
       * Format: date-time
       * @description Updated at most once a minute
       */
      last_used_at: string | null
      name: string
      /** @description First 8 characters of the key (`trk_` and 4 more), to recognise it */
      prefix: string
      /** @enum {unknown} */
      role: 'owner' | 'member' | 'viewer'
    }
    Audience: {
      cached_size: number | null
      /** Format: date-time */
      cached_size_updated_at: string | null
      /** Format: date-time */
      created_at: string
      description: string | null
      /** @description The filter as stored, with camelCase keys (conditionType) */
      filter: {
        conditions: {
          conditionType: string
          field: string
          operator: string
          unit?: string
          value?: unknown
        }[]
        groups: unknown[]
        /** @enum {string} */
        operator: 'AND' | 'OR'
      }
      id: string
      name: string
      source_lists: number[]
      /** @enum {unknown} */
      status: 'active' | 'archived'
    }
    AuditEntry: {
      /** @description What was done, e.g. `api_key.created`, `account.settings_updated` */
      action: string
      /** @description The user’s email, the API key’s name and prefix, or `operator` (the command line) */
      actor: string
      /** @enum {unknown} */
      actor_type: 'user' | 'key' | 'operator'
      /** Format: date-time */
      at: string
      /** @description The change, e.g. `{changes: {field: {from, to}}}` or the new role */
      details: {
        [key: string]: unknown
      }
      id: number
      /** @description The id of what it was done to */
      target: string | null
    }
    Contact: {
      active: boolean
      carrier: string | null
      click_count: number
      contact_id: string
      conversion_count: number
      custom_fields: {
        [key: string]: string | number | boolean
      }
      in_workflow: boolean
      is_valid: boolean
      /** Format: date-time */
      last_clicked_at: string | null
      /** Format: date-time */
      last_sent_at: string | null
      /** @description cell, landline, voip or unknown */
      line_type: string | null
      list_contact_id: string
      list_id: number
      list_number: string
      phone_number: string
      revenue_total: number
      send_count: number
      /** Format: date-time */
      signup_date: string
      signup_method: string
      /** @description IANA zone from the area code */
      timezone: string | null
      unsubscribe_reason: string | null
      /** Format: date-time */
      unsubscribed_at: string | null
    }
    Creative: {
      /** @description Links as 23 characters each, plus the account compliance prefix and suffix */
      character_count: number
      /** Format: date-time */
      created_at: string
      creative_type: string
      id: number
      message: string
      name: string
      offer_links: {
        /** @description Placeholder name, e.g. `link1` */
        key: string
        offer_id: string
        url: string | null
        url_params: {
          [key: string]: string
        }
      }[]
      offers: {
        id: string
        name: string
        payout: number
        payout_type: string
        slug: string
        status: string
        tracking_url: string
      }[]
      segment_count: number
      /** @description `cre_<name>_<6>` */
      slug: string
      status: string
      /** Format: date-time */
      updated_at: string
    }
    Error: {
      code: string
      error: string
    }
    Journey: {
      /** Format: date-time */
      created_at: string
      enrollment_counts: {
        active: number
        completed: number
        exited: number
        stopped: number
      }
      /** @description 24-hex id */
      id: string
      name: string
      /**
       * @description draft | active (enrolling) | paused (no new enrollments; existing ones carry on) | archived (all stop)
       * @enum {unknown}
       */
      status: 'draft' | 'active' | 'paused' | 'archived'
      /** @description Up to 100 steps, run in order unless a condition branches or a step names its `next`. A step is referred to by its 0-based index in this array or by its optional `id` (1-64 of A-Z a-z 0-9 _ -). Types: `send_message {creative_id}` or `{message, offer_links: [{key: "link1", offer_id}]}` (macros such as {{first_name}}, {{brand_name}}, custom fields; each {{linkN}} becomes a tracked link to its offer); `wait {amount, unit: minutes|hours|days}` (at most 30 days); `condition {check: clicked_since_enrollment | sent_since_enrollment | custom_field (+ field, operator, value), yes: <step>, no: <step>}`; `wait_until {time: "HH:MM"}` (next occurrence in the contact's timezone, else the account default, else America/New_York); `set_custom_field {field, value}`; `unsubscribe` (reason journey); `exit`. Any step but condition, unsubscribe and exit may carry `next: <step>`. Steps that loop back without a wait or wait_until are rejected (journey_step_loop). Sends go through dispatch like campaigns (opt-out, blocks, quiet hours). */
      steps: {
        [key: string]: unknown
      }[]
      /** @description Trigger group `{operator: AND|OR, conditions: [...], groups: [...nested groups, at most 5 deep]}`, matched when a contact joins a list (POST /contacts with use_journeys, CSV import with use_journeys, or an opt-in). Conditions: `{type: "list", list_id}` (joined this list), `{type: "signup_method", value}` (e.g. api, import, keyword; case-insensitive), `{type: "custom_field", field, operator: eq|ne|in|not_in|exists|contains, value}` (in/not_in take an array; exists takes an optional boolean; numbers compare as numbers, text case-insensitively). A group needs at least one condition or group. */
      trigger: {
        [key: string]: unknown
      }
      /** Format: date-time */
      updated_at: string
    }
    /** @description A live event: what happened, once its numbers are in the reports */
    LiveEvent:
      | {
          /**
           * Format: date-time
           * @description When it happened
           */
          at: string
          /** @description Why it is a bot or preview fetch (absent: human) */
          bot_reason?: string
          contact_id?: string
          human: boolean
          /** @description Stable id of the event (the click, conversion or reply event id) */
          id: string
          /**
           * @description redirect; preview: the interstitial was shown (filter mode); confirm: its Continue pressed
           * @enum {unknown}
           */
          kind: 'redirect' | 'preview' | 'confirm'
          message_id?: string
          offer_id?: string
          /** @enum {string} */
          type: 'click'
        }
      | {
          /**
           * Format: date-time
           * @description When it happened
           */
          at: string
          contact_id?: string
          conversion_type: string
          /** @description Stable id of the event (the click, conversion or reply event id) */
          id: string
          message_id?: string
          network: string
          offer_id?: string
          /** @description Signed: refunds and chargebacks are negative */
          payout: number
          /** @enum {string} */
          type: 'conversion'
        }
      | {
          /**
           * Format: date-time
           * @description When it happened
           */
          at: string
          contact_id?: string
          /** @description The contact, E.164 */
          from: string
          /** @description Stable id of the event (the click, conversion or reply event id) */
          id: string
          /** @enum {unknown} */
          kind: 'opt_out' | 'opt_in' | 'help' | 'spam_complaint' | 'other'
          list_id: number
          message_id?: string
          offer_id?: string
          opt_out: boolean
          /** @description The first 160 characters */
          text: string
          /** @enum {string} */
          type: 'reply'
        }
      | {
          /**
           * Format: date-time
           * @description When it happened
           */
          at: string
          contact_id?: string
          /** @description Sends of the account processed together (message_id when one) */
          count: number
          /** @description Stable id of the event (the click, conversion or reply event id) */
          id: string
          message_id?: string
          offer_id?: string
          /** @enum {string} */
          type: 'send'
        }
      | {
          /**
           * Format: date-time
           * @description When it happened
           */
          at: string
          contact_id?: string
          /** @description Delivery receipts processed together (message_id when one) */
          count: number
          delivered: number
          /** @description Failed and undelivered */
          failed: number
          /** @description Stable id of the event (the click, conversion or reply event id) */
          id: string
          message_id?: string
          offer_id?: string
          /** @enum {string} */
          type: 'delivery'
        }
    Member: {
      /**
       * Format: date-time
       * @description When the user joined this account
       */
      created_at: string
      email: string
      /** @enum {unknown} */
      role: 'owner' | 'member' | 'viewer'
      /** @description The user’s status: active or disabled */
      status: string
      user_id: string
    }
    Message: {
      body: string
      compliance_bypassed: boolean
      /** Format: date-time */
      created_at: string
      id: string
      list_number: string
      provider: string | null
      provider_error_code: string | null
      provider_message_id: string | null
      segments: number
      /** @description Why a campaign message got its creative (spec §10); null when no selection was recorded */
      selection: {
        /** @description Every candidate's sampled score and its parts (ctr, cvr, value) */
        candidates: {
          [key: string]: unknown
        }[]
        /** @description The contact's context at selection time (carrier, line_type, tz_band, recency) */
        context: {
          [key: string]: string
        }
        creative_id: number
        /** @description thompson_single_step | thompson_two_step | control (not chosen by ML) */
        mode: string
        offer_id: string | null
        /** @description The sampled revenue per send the chosen creative won with */
        score: number | null
      } | null
      send_flags: {
        [key: string]: boolean
      }
      /** Format: date-time */
      sent_at: string | null
      /** @enum {unknown} */
      status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'dropped' | 'orphaned'
      /** @description Drop or failure reason, or the provider status */
      status_detail: string | null
      /** Format: date-time */
      status_updated_at: string | null
      to: string
    }
    Offer: {
      advertiser_id: string | null
      /** @description no_filter | filter: overrides the account's bot-filter mode for this offer's links; null inherits it (filter when filter_bots is true). Reaches redirects within about a minute. */
      bot_filter_mode: string | null
      click_window_days: number
      /** Format: date-time */
      created_at: string
      external_id: string | null
      external_platform: string | null
      filter_bots: boolean
      /** @description 24-hex id */
      id: string
      metadata: {
        [key: string]: string
      }
      name: string
      payout: number
      payout_type: string
      /** @description `ofr_<name>_<6>` */
      slug: string
      status: string
      /** @description Macros {{click_id}}, {{messageId}}, {{contact.phone}} are filled at click time */
      tracking_url: string
      /** Format: date-time */
      updated_at: string
    }
    Pagination: {
      page: number
      per_page: number
      total: number
      total_pages: number
    }
    Reply: {
      body: string
      /** @description The contact who sent it (its id); null when the number is no contact of the account */
      contact_id: string | null
      /** @description The contact, E.164 */
      from: string
      id: string
      /** @description The keyword or phrase that matched */
      keyword: string | null
      /**
       * @description What the classifier made of it (spec §19)
       * @enum {unknown}
       */
      kind: 'opt_out' | 'opt_in' | 'help' | 'spam_complaint' | 'other'
      /** @description The list number it was sent to */
      list_number: string
      /** Format: date-time */
      received_at: string
    }
    Schedule: {
      audiences: string[]
      automated_percent: number
      blasts: {
        id: number
        message: string
        mms_image_url: string | null
        offer_links: {
          /** @description The placeholder it fills, e.g. `link1` for {{link1}} */
          key: string
          /** @description Offer id (24-hex) or slug */
          offer_id: string
          url_params: {
            [key: string]: string
          }
        }[]
        percent_audience: number
        variant_name: string | null
      }[]
      /** Format: date-time */
      created_at: string
      days_of_week: {
        friday: boolean
        monday: boolean
        saturday: boolean
        sunday: boolean
        thursday: boolean
        tuesday: boolean
        wednesday: boolean
      } | null
      /** Format: date */
      end_date: string | null
      filter_bots: boolean
      /** @description 24-hex id */
      id: string
      ir_revenue: boolean
      is_cto: boolean
      is_mms: boolean
      is_repeating: boolean
      /** @description E.164 number of the sending list */
      list_number: string | null
      name: string
      /**
       * Format: date-time
       * @description When the next run starts (the first zone to reach send_time); null unless status is on
       */
      next_run_at: string | null
      /** Format: date */
      send_date: string | null
      /** @description HH:MM, 24-hour */
      send_time: string
      send_type: string
      sending_list_id: number | null
      skip_within_hours: number
      source_lists: number[]
      /** Format: date */
      start_date: string | null
      /** @description draft | off | on | complete | archive */
      status: string
      /** Format: date-time */
      updated_at: string
      use_local_time: boolean
    }
    SendingList: {
      brand_name: string
      /** @description Bring your own carrier: the customer’s own provider account */
      byoc: boolean
      click_domain: string | null
      /** @description Active contacts only */
      contact_count: number
      /** Format: date-time */
      created_at: string
      /** @description Never the credentials themselves */
      credentials: {
        configured: boolean
        /** @enum {unknown} */
        provider: 'simulator' | 'infobip' | 'twilio' | 'cm' | 'lime'
      }
      id: number
      list_name: string
      /** @description Provider: lime, infobip, twilio or cm (spec §6 name; same as provider) */
      list_type: string
      /** @enum {unknown} */
      number_type: '10dlc' | 'short_code' | 'toll_free'
      /** @description E.164 sending number */
      phone_number: string
      /** @enum {unknown} */
      provider: 'simulator' | 'infobip' | 'twilio' | 'cm' | 'lime'
      send_rate_per_minute: number
      shortener_domain: string | null
      status: string
      /**
       * Format: date-time
       * @description When the last test send (POST /lists/:id/test-send) was accepted by the provider: the BYOC check’s second step
       */
      test_sent_at: string | null
      /** @description Contacts of the list who are no longer active */
      unsubscribed_count: number
      /**
       * Format: date-time
       * @description When the first verified provider webhook for this list arrived (BYOC lists send only after it)
       */
      webhook_verified_at: string | null
      /** @description Owners only (null for other roles, and for lists that predate webhook tokens) */
      webhooks:
        | {
            /** @description Inbound messages (replies) go here */
            inbound: string
            /** @description Delivery reports (status callbacks) go here */
            status: string
          }
        | (never | null)
    }
    Session: {
      /** @description Every account the user belongs to, with their role on it (oldest membership first) */
      accounts: {
        id: string
        name: string
        /** @enum {unknown} */
        role: 'owner' | 'member' | 'viewer'
      }[]
      /** @description Send it as X-CSRF-Token on every request but GET/HEAD */
      csrf_token: string
      /** @description The account the session has open: the one every other route acts on */
      current_account_id: string
      /**
       * Format: date-time
       * @description When the session ends unless used again
       */
      expires_at: string
      two_factor_enabled: boolean
      /** @description The open account requires two-factor and the user has not turned it on (routes answer 403) */
      two_factor_setup_required: boolean
      user: {
        email: string
        id: string
        /** @description The user’s name, or the part of the email before the @ without one */
        name: string
      }
    }
    /** @description Overview numbers of a range, with the performance report’s definitions (spec §22) */
    Tiles: {
      /** @description clicks_unique / sends (0–1) */
      click_rate: number
      clicks_bot: number
      /** @description Every hit of a short link, bots and interstitial views included */
      clicks_total: number
      /** @description First human clicks of each message (the spec’s Clicks) */
      clicks_unique: number
      /** @description Credited conversions, refunds and chargebacks excluded */
      conversions: number
      /** @description Segment cost of the sends */
      cost: number
      delivered: number
      /** @description delivered / sends (0–1) */
      delivery_rate: number
      /** @description revenue / clicks_unique */
      epc: number
      /** @description opt_outs / sends (0–1) */
      opt_out_rate: number
      /** @description Unsubscribes */
      opt_outs: number
      /** @description revenue − cost */
      profit: number
      /** @description Credited revenue net of refunds and chargebacks */
      revenue: number
      /** @description revenue / sends */
      rps: number
      sends: number
    }
    Webhook: {
      /** @description Failed attempts since the last success */
      consecutive_failures: number
      /** Format: date-time */
      created_at: string
      description: string | null
      events: ('delivery' | 'unsubscribe' | 'reply')[]
      /** @description 24-hex id */
      id: string
      /** Format: date-time */
      last_failure_at: string | null
      /** Format: date-time */
      last_success_at: string | null
      /** @description `paused_by_user`, or `repeated_failures` when paused automatically */
      paused_reason: string | null
      /** @enum {unknown} */
      status: 'active' | 'paused'
      /** Format: date-time */
      updated_at: string
      url: string
    }
  }
  responses: never
  parameters: never
  requestBodies: never
  headers: never
  pathItems: never
}
export type $defs = Record<string, never>
export interface operations {
  createContactV1: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          [key: string]: unknown
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            deprecated: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteContactV1: {
    parameters: {
      query?: never
      header?: never
      path: {
        msisdn: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            deprecated: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  sendMessageV1: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          body?: string
          from_phone_number_id?: number | string
          metadata?: unknown
          to?: string
          to_msisdn?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            deprecated: true
            gsm7: boolean
            id: string
            message_id: string
            segments: number
            /** @enum {string} */
            status: 'queued'
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  bulkSendMessagesV1: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          from_phone_number_id?: number | string
          messages?: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            deprecated: true
            error_count: number
            errors: {
              code: string
              error: string
              index: number
              to_msisdn: string | null
            }[]
            messages: {
              index: number
              message_id: string
            }[]
            queued_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            /** @enum {boolean} */
            deprecated: true
            error: string
          }
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getAccountSecurity: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Every signed-in user of the account must have two-factor on (API keys are not affected) */
            require_two_factor: boolean
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateAccountSecurity: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Every signed-in user of the account must have two-factor on (API keys are not affected) */
          require_two_factor: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Every signed-in user of the account must have two-factor on (API keys are not affected) */
            require_two_factor: boolean
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getAccountSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['AccountSettings']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateAccountSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Default bot-filter mode of the account’s links (an offer may override it); the same value as `GET /tracking/settings`
           * @enum {unknown}
           */
          bot_filter_mode?: 'no_filter' | 'filter'
          /** @description Fills `{{brand_name}}` on lists that have no brand name of their own; empty: none */
          brand_name?: string
          /** @description TCPA quiet hours: US recipients get messages 8:00–21:00 their local time (state rules apply); later ones wait, they are not dropped. Off: messages go at once */
          quiet_hours?: boolean
          /**
           * @description A spam/scam/junk reply unsubscribes the contact (reason complaint), or is only labelled
           * @enum {unknown}
           */
          spam_complaint_action?: 'act_as_stop' | 'label_only'
          /** @description Put before every campaign message (default `{{brand_name}}: `). Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`). */
          template_prefix?: string
          /** @description Put after every campaign message (default ` Reply stop to stop. Help for help.`). Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`). */
          template_suffix?: string
          /** @description IANA time zone (e.g. America/Chicago) of contacts without one and of schedules’ wall clock (400 `invalid_timezone`) */
          timezone?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /**
             * @description Default bot-filter mode of the account’s links (an offer may override it); the same value as `GET /tracking/settings`
             * @enum {unknown}
             */
            bot_filter_mode: 'no_filter' | 'filter'
            /** @description Fills `{{brand_name}}` on lists that have no brand name of their own; empty: none */
            brand_name: string
            /** @description TCPA quiet hours: US recipients get messages 8:00–21:00 their local time (state rules apply); later ones wait, they are not dropped. Off: messages go at once */
            quiet_hours: boolean
            /**
             * @description A spam/scam/junk reply unsubscribes the contact (reason complaint), or is only labelled
             * @enum {unknown}
             */
            spam_complaint_action: 'act_as_stop' | 'label_only'
            /** @enum {boolean} */
            success: true
            /** @description Put before every campaign message (default `{{brand_name}}: `). Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`). */
            template_prefix: string
            /** @description Put after every campaign message (default ` Reply stop to stop. Help for help.`). Auto-applied only on US (+1) lists and counted in a creative’s length; `{{brand_name}}` and contact macros are filled per message; `{{linkN}}` placeholders are refused (400 `invalid_template_prefix`/`_suffix`). */
            template_suffix: string
            /** @description IANA time zone (e.g. America/Chicago) of contacts without one and of schedules’ wall clock (400 `invalid_timezone`) */
            timezone: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  runAnalyticsSql: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Rows returned
           * @default 10000
           */
          limit?: number
          /** @description One SELECT over sends, deliveries, clicks, conversions, contact_events (each holds only your account's rows) */
          query: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            columns: {
              name: string
              type: string
            }[]
            row_count: number
            /** @description One array per row, in column order */
            rows: unknown[][]
            /** @description More rows matched than `limit` */
            truncated: boolean
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listAudiences: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        status?: 'active' | 'archived'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            audiences: components['schemas']['Audience'][]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createAudience: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          description?: string | null
          /**
           * @description Filter DSL. A group is {operator: "AND"|"OR" (default AND), conditions: [condition], groups: [group]};
           *     groups nest up to 10 levels, at most 200 conditions in all; a group with no
           *     conditions and no groups is rejected with empty_filter_group. A condition is
           *     {condition_type, field, operator, value?, unit?}:
           *     - time: last_clicked_at | last_sent_at | signup_date | last_revenue_at; within | not_within (older or never) |
           *       before | after, each with value (number) and unit (days|hours|minutes) relative to now; exists | not_exists.
           *     - count: send_count | click_count | conversion_count; eq ne gt gte lt lte; non-negative integer value.
           *     - revenue: has_revenue (eq|ne, boolean); revenue_total | avg_revenue | conversion_count (eq ne gt gte lt lte,
           *       number); last_revenue_at (time operators).
           *     - custom_field: custom_fields.<key> (key [A-Za-z0-9_.-]{1,64}); eq ne contains gt gte lt lte (numbers compare
           *       numerically, strings as text), in | not_in (array), exists | not_exists.
           *     - list: listId; in | not_in with an array of list ids (the contact's active membership of those lists).
           *     - validation: validation_status; exclude | not_in | in with an array of ok|unreachable|invalid|risky|unknown
           *       (exclude keeps never-validated contacts).
           *     - dnc: on_dnc; eq true|false.
           *     Other problems answer 400 invalid_filter with details [{path, code, error}]. Responses echo the filter in
           *     camelCase (conditionType).
           * @example {
           *       "operator": "AND",
           *       "conditions": [
           *         {
           *           "condition_type": "time",
           *           "field": "last_clicked_at",
           *           "operator": "within",
           *           "value": 30,
           *           "unit": "days"
           *         }
           *       ],
           *       "groups": [
           *         {
           *           "operator": "OR",
           *           "conditions": [
           *             {
           *               "condition_type": "count",
           *               "field": "click_count",
           *               "operator": "gte",
           *               "value": 3
           *             },
           *             {
           *               "condition_type": "custom_field",
           *               "field": "custom_fields.tier",
           *               "operator": "eq",
           *               "value": "gold"
           *             }
           *           ]
           *         }
           *       ]
           *     }
           */
          filter: {
            /** @description Array of {condition_type, field, operator, value?, unit?} */
            conditions?: unknown
            /** @description Array of nested groups */
            groups?: unknown
            /** @description AND | OR (default AND) */
            operator?: unknown
          }
          name: string
          /** @description Sending list ids whose contacts the audience draws from (their union); empty = all lists */
          source_lists?: number[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            audience: components['schemas']['Audience']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            details?: {
              code: string
              error: string
              path: string
            }[]
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getAudience: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            audience: components['schemas']['Audience']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateAudience: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          description?: string | null
          /**
           * @description Filter DSL. A group is {operator: "AND"|"OR" (default AND), conditions: [condition], groups: [group]};
           *     groups nest up to 10 levels, at most 200 conditions in all; a group with no
           *     conditions and no groups is rejected with empty_filter_group. A condition is
           *     {condition_type, field, operator, value?, unit?}:
           *     - time: last_clicked_at | last_sent_at | signup_date | last_revenue_at; within | not_within (older or never) |
           *       before | after, each with value (number) and unit (days|hours|minutes) relative to now; exists | not_exists.
           *     - count: send_count | click_count | conversion_count; eq ne gt gte lt lte; non-negative integer value.
           *     - revenue: has_revenue (eq|ne, boolean); revenue_total | avg_revenue | conversion_count (eq ne gt gte lt lte,
           *       number); last_revenue_at (time operators).
           *     - custom_field: custom_fields.<key> (key [A-Za-z0-9_.-]{1,64}); eq ne contains gt gte lt lte (numbers compare
           *       numerically, strings as text), in | not_in (array), exists | not_exists.
           *     - list: listId; in | not_in with an array of list ids (the contact's active membership of those lists).
           *     - validation: validation_status; exclude | not_in | in with an array of ok|unreachable|invalid|risky|unknown
           *       (exclude keeps never-validated contacts).
           *     - dnc: on_dnc; eq true|false.
           *     Other problems answer 400 invalid_filter with details [{path, code, error}]. Responses echo the filter in
           *     camelCase (conditionType).
           * @example {
           *       "operator": "AND",
           *       "conditions": [
           *         {
           *           "condition_type": "time",
           *           "field": "last_clicked_at",
           *           "operator": "within",
           *           "value": 30,
           *           "unit": "days"
           *         }
           *       ],
           *       "groups": [
           *         {
           *           "operator": "OR",
           *           "conditions": [
           *             {
           *               "condition_type": "count",
           *               "field": "click_count",
           *               "operator": "gte",
           *               "value": 3
           *             },
           *             {
           *               "condition_type": "custom_field",
           *               "field": "custom_fields.tier",
           *               "operator": "eq",
           *               "value": "gold"
           *             }
           *           ]
           *         }
           *       ]
           *     }
           */
          filter?: {
            /** @description Array of {condition_type, field, operator, value?, unit?} */
            conditions?: unknown
            /** @description Array of nested groups */
            groups?: unknown
            /** @description AND | OR (default AND) */
            operator?: unknown
          }
          name?: string
          /** @description Sending list ids whose contacts the audience draws from (their union); empty = all lists */
          source_lists?: number[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            audience: components['schemas']['Audience']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            details?: {
              code: string
              error: string
              path: string
            }[]
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteAudience: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            archived: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getAudienceSize: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            audience_id: string
            /** Format: date-time */
            calculated_at: string
            size: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            details?: {
              code: string
              error: string
              path: string
            }[]
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  previewAudienceSize: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Filter DSL. A group is {operator: "AND"|"OR" (default AND), conditions: [condition], groups: [group]};
           *     groups nest up to 10 levels, at most 200 conditions in all; a group with no
           *     conditions and no groups is rejected with empty_filter_group. A condition is
           *     {condition_type, field, operator, value?, unit?}:
           *     - time: last_clicked_at | last_sent_at | signup_date | last_revenue_at; within | not_within (older or never) |
           *       before | after, each with value (number) and unit (days|hours|minutes) relative to now; exists | not_exists.
           *     - count: send_count | click_count | conversion_count; eq ne gt gte lt lte; non-negative integer value.
           *     - revenue: has_revenue (eq|ne, boolean); revenue_total | avg_revenue | conversion_count (eq ne gt gte lt lte,
           *       number); last_revenue_at (time operators).
           *     - custom_field: custom_fields.<key> (key [A-Za-z0-9_.-]{1,64}); eq ne contains gt gte lt lte (numbers compare
           *       numerically, strings as text), in | not_in (array), exists | not_exists.
           *     - list: listId; in | not_in with an array of list ids (the contact's active membership of those lists).
           *     - validation: validation_status; exclude | not_in | in with an array of ok|unreachable|invalid|risky|unknown
           *       (exclude keeps never-validated contacts).
           *     - dnc: on_dnc; eq true|false.
           *     Other problems answer 400 invalid_filter with details [{path, code, error}]. Responses echo the filter in
           *     camelCase (conditionType).
           * @example {
           *       "operator": "AND",
           *       "conditions": [
           *         {
           *           "condition_type": "time",
           *           "field": "last_clicked_at",
           *           "operator": "within",
           *           "value": 30,
           *           "unit": "days"
           *         }
           *       ],
           *       "groups": [
           *         {
           *           "operator": "OR",
           *           "conditions": [
           *             {
           *               "condition_type": "count",
           *               "field": "click_count",
           *               "operator": "gte",
           *               "value": 3
           *             },
           *             {
           *               "condition_type": "custom_field",
           *               "field": "custom_fields.tier",
           *               "operator": "eq",
           *               "value": "gold"
           *             }
           *           ]
           *         }
           *       ]
           *     }
           */
          filter: {
            /** @description Array of {condition_type, field, operator, value?, unit?} */
            conditions?: unknown
            /** @description Array of nested groups */
            groups?: unknown
            /** @description AND | OR (default AND) */
            operator?: unknown
          }
          /** @description Sending list ids whose contacts the audience draws from (their union); empty = all lists */
          source_lists?: number[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** Format: date-time */
            calculated_at: string
            size: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            code: string
            details?: {
              code: string
              error: string
              path: string
            }[]
            error: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listAuditLog: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            entries: components['schemas']['AuditEntry'][]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  changePassword: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          current_password: string
          /** @description At least 8 characters */
          password: string
        }
      }
    }
    responses: {
      /** @description Changed */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  requestPasswordReset: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          email: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getPasswordReset: {
    parameters: {
      query: {
        token: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            email: string
            /** Format: date-time */
            expires_at: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      410: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  confirmPasswordReset: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description At least 8 characters */
          password: string
          token: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      410: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getSession: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Session']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  switchSessionAccount: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          account_id: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Session']
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  signIn: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          email: string
          password: string
          recovery_code?: string
          totp_code?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Session']
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  signOut: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Signed out; the cookie is cleared */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  signOutEverywhere: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Signed out; the cookie is cleared */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  disableTwoFactor: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          code: string
          password: string
        }
      }
    }
    responses: {
      /** @description Two-factor is off */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  enableTwoFactor: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          code: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            recovery_codes: string[]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  setupTwoFactor: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description otpauth://totp/… (what the QR code holds) */
            otpauth_url: string
            /** @description The QR code as an SVG document */
            qr_svg: string
            /** @description Base32, for typing into the app */
            secret: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listContacts: {
    parameters: {
      query?: {
        /** @description Only subscribed (true) or unsubscribed (false) */
        active?: 'true' | 'false'
        /** @description With search: look only in this custom field */
        field?: string
        /** @description Only this sending list (E.164) */
        list_number?: string
        page?: number
        per_page?: number
        /** @description A phone number (any part of it) or text found in a name, an email or a custom field value */
        search?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            contacts: components['schemas']['Contact'][]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateContact: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description String, number or boolean values */
          custom_fields: {
            [key: string]: unknown
          }
          list_number: string
          /**
           * @description false replaces the whole object
           * @default true
           */
          merge_fields?: boolean
          phone_number: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            custom_fields: {
              [key: string]: string | number | boolean
            }
            list_contact_id: string
            success: boolean
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createContact: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          ad_network_id?: string
          /** @description e.g. adwords, facebook */
          ad_network_source?: string
          /** @description Consent evidence: when the contact consented (YYYY-MM-DD, MM/DD/YYYY or ISO 8601; not in the future) */
          consent_date?: string
          /** @description String, number or boolean values; merged into the stored fields unless merge_fields is false */
          custom_fields?: {
            [key: string]: unknown
          }
          email?: string
          first_name?: string
          /** @description Consent evidence: the IPv4 or IPv6 address the contact signed up from */
          ip_address?: string
          last_name?: string
          /** @description E.164 number of one of your sending lists */
          list_number: string
          /**
           * @description false replaces the stored custom fields instead of merging
           * @default true
           */
          merge_fields?: boolean
          /** @description Consent evidence: the form signed up with */
          opt_in_form?: string
          /** @description Consent evidence: the keyword texted to join */
          opt_in_keyword?: string
          /**
           * @description The contact, in E.164
           * @example +14155551234
           */
          phone_number: string
          /** @description ISO 8601; no timezone means UTC. Defaults to now for a new subscription */
          signup_date?: string
          /**
           * @description e.g. api, import, form
           * @default api
           */
          signup_method?: string
          /**
           * @description Skip enrolment when the contact was already on the list
           * @default true
           */
          skip_journey_if_exists?: boolean
          /** @description Consent evidence: the page the contact signed up on */
          url?: string
          /**
           * @description Enrol the contact in matching Welcome Journeys
           * @default false
           */
          use_journeys?: boolean
          /**
           * @description Paid LRN + DNC lookup. Trackly has no billing configuration, so true answers 402 no_billing_config
           * @default false
           */
          use_validation?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            contact_id: string
            is_new_contact: boolean
            is_new_list_contact: boolean
            journeys_enrolled: number
            list_contact_id: string
            success: boolean
            /** @enum {object|null} */
            validation: never | null
            warnings: string[]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      402: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteContact: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          list_number: string
          phone_number: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            success: boolean
            unsubscribed: boolean
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getContact: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The contact_id */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            contact: {
              /** @description Blocked account-wide: gets nothing from any list of the account */
              blocked: boolean
              /**
               * Format: date-time
               * @description When the block was set
               */
              blocked_at: string | null
              carrier: string | null
              contact_id: string
              /** Format: date-time */
              created_at: string
              is_valid: boolean
              /** @description cell, landline, voip or unknown */
              line_type: string | null
              phone_number: string
              /** @description US state from the area code */
              state: string | null
              subscriptions: {
                active: boolean
                carrier: string | null
                click_count: number
                contact_id: string
                conversion_count: number
                custom_fields: {
                  [key: string]: string | number | boolean
                }
                email: string | null
                first_name: string | null
                in_workflow: boolean
                is_valid: boolean
                /** Format: date-time */
                last_clicked_at: string | null
                last_name: string | null
                /** Format: date-time */
                last_sent_at: string | null
                /** @description cell, landline, voip or unknown */
                line_type: string | null
                list_contact_id: string
                list_id: number
                list_number: string
                phone_number: string
                revenue_total: number
                send_count: number
                /** Format: date-time */
                signup_date: string
                signup_method: string
                /** @description IANA zone from the area code */
                timezone: string | null
                unsubscribe_reason: string | null
                /** Format: date-time */
                unsubscribed_at: string | null
              }[]
              /** @description IANA zone from the area code */
              timezone: string | null
            }
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  blockContact: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The contact_id */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            blocked: boolean
            /** Format: date-time */
            blocked_at: string | null
            contact_id: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  unblockContact: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The contact_id */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            blocked: boolean
            /** Format: date-time */
            blocked_at: string | null
            contact_id: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getContactConsent: {
    parameters: {
      query?: {
        /** @description json unless Accept prefers text/csv */
        format?: 'json' | 'csv'
      }
      header?: never
      path: {
        /** @description The contact_id */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The consent records; CSV with `format=csv` */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description One record per list the contact is on */
            consent: {
              active: boolean
              ad_network_id: string | null
              /** @description e.g. adwords, facebook */
              ad_network_source: string | null
              /** Format: date-time */
              consent_date: string | null
              /** @description The address the contact signed up from */
              ip_address: string | null
              list_id: number
              list_number: string
              /** @description The form the contact signed up with */
              opt_in_form: string | null
              /** @description The keyword the contact texted to join */
              opt_in_keyword: string | null
              /** @description message, manual, complaint, bad_response, invalid_contact or api */
              opt_out_reason: string | null
              /** Format: date-time */
              opted_out_at: string | null
              /** Format: date-time */
              signup_date: string
              /** @description api, import, form, keyword, … */
              signup_method: string
              /** @description The page the contact signed up on */
              signup_url: string | null
            }[]
            contact_id: string
            phone_number: string
          }
          'text/csv': string
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  bulkCreateContacts: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          contacts: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            contacts_created: number
            error_count: number
            errors: {
              code: string
              error: string
              index: number
              phone_number: string | null
            }[]
            journeys_enrolled: number
            list_contacts_created: number
            success_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      402: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  importContacts: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description The CSV text, header row first */
          csv: string
          /** @description Validate only (default true) */
          dry_run?: boolean
          /** @description Alias of dry_run */
          dryRun?: boolean
          list_number: string
          /**
           * @description Enrol the contacts this import adds to the list in matching active journeys
           * @default false
           */
          use_journeys?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description List contacts created (dry run: that would be created) */
            created: number
            dry_run: boolean
            duplicate_rows: number
            /** @description Columns that are not contact fields */
            ignored_columns: string[]
            invalid_rows: number
            /** @description Journey enrollments of the new list contacts (use_journeys) */
            journeys_enrolled: number
            rows: {
              /** @description Normalised E.164 when parseable */
              phone_number: string | null
              /** @enum {unknown} */
              reason?:
                | 'missing_phone_number'
                | 'invalid_phone'
                | 'invalid_consent_date'
                | 'future_consent_date'
                | 'invalid_line_type'
                | 'invalid_email'
                | 'invalid_ip_address'
                | 'value_too_long'
                | 'duplicate_phone_number'
              /** @description Record number in the file; the header is 1, the first data row 2 */
              row: number
              /** @enum {unknown} */
              status: 'valid' | 'duplicate' | 'invalid'
            }[]
            /** @enum {boolean} */
            success: true
            total_rows: number
            /** @description Rows already on the list (dry run: that would be updated) */
            updated: number
            valid_rows: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listCreatives: {
    parameters: {
      query?: {
        creative_type?: 'automated' | 'one_time' | 'welcome'
        page?: number
        per_page?: number
        status?: 'active' | 'paused' | 'archived'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            creatives: components['schemas']['Creative'][]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createCreative: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /**
           * @default automated
           * @enum {unknown}
           */
          creative_type?: 'automated' | 'one_time' | 'welcome'
          /** @description Must hold at least one {{linkN}} */
          message: string
          name: string
          offer_links: {
            /** @description Placeholder name, e.g. `link1` */
            key?: string
            offer_id?: string
            /** @description Overrides the offer tracking URL for this link */
            url?: string | null
            /** @description Query parameters added to the link URL */
            url_params?: {
              [key: string]: string
            }
          }[]
          /**
           * @default active
           * @enum {unknown}
           */
          status?: 'active' | 'paused'
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            creative: components['schemas']['Creative']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getCreative: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            creative: components['schemas']['Creative']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateCreative: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @enum {unknown} */
          creative_type?: 'automated' | 'one_time' | 'welcome'
          /** @description Must hold at least one {{linkN}} */
          message?: string
          name?: string
          offer_links?: {
            /** @description Placeholder name, e.g. `link1` */
            key?: string
            offer_id?: string
            /** @description Overrides the offer tracking URL for this link */
            url?: string | null
            /** @description Query parameters added to the link URL */
            url_params?: {
              [key: string]: string
            }
          }[]
          /**
           * @description `archived` hides the creative
           * @enum {unknown}
           */
          status?: 'active' | 'paused' | 'archived'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            creative: components['schemas']['Creative']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteCreative: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            archived: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  estimateCreative: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @default true */
          apply_templates?: boolean
          message: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            character_count: number
            /** @enum {unknown} */
            encoding: 'GSM-7' | 'UCS-2'
            segment_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  clearHistory: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description ISO 8601; only events before it */
          before_date?: unknown
          /** @description Must be true */
          confirm?: unknown
          /** @description Any of sends, clicks, revenue */
          entities?: unknown
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            cleared: {
              clicks: number
              revenue: number
              sends: number
            }
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  importHistoryClicks: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Up to 1000 records: message_id*, offer_id* (internal or external), phone_number* (E.164), send_timestamp, timestamp* */
          records: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Records already imported (same id), skipped */
            duplicates_skipped: number
            error_count: number
            /** @description At most 100; error_count counts all */
            errors: {
              code: string
              error: string
              /** @description The record id (message_id for clicks, revenue) */
              id: string | null
              index: number
            }[]
            /** @description Records refused for an invalid phone number */
            invalid_phones: number
            success_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  importHistoryRevenue: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Up to 1000 records: message_id*, offer_id* (internal or external), revenue* (≥ 0), payout, attribution_type (e.g. migration), timestamp */
          records: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Records already imported (same id), skipped */
            duplicates_skipped: number
            error_count: number
            /** @description At most 100; error_count counts all */
            errors: {
              code: string
              error: string
              /** @description The record id (message_id for clicks, revenue) */
              id: string | null
              index: number
            }[]
            success_count: number
            /** @description Sum of the imported amounts */
            total_revenue: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  importHistorySends: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Up to 1000 records: id* (8-character message id), list_number or list_id, to_number* (E.164), message, send_type, delivered, length, timestamp* (ISO 8601) */
          records: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Records already imported (same id), skipped */
            duplicates_skipped: number
            error_count: number
            /** @description At most 100; error_count counts all */
            errors: {
              code: string
              error: string
              /** @description The record id (message_id for clicks, revenue) */
              id: string | null
              index: number
            }[]
            /** @description Records refused for an invalid phone number */
            invalid_phones: number
            success_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getInvitation: {
    parameters: {
      query: {
        token: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            account_name: string
            email: string
            existing_user: boolean
            /** Format: date-time */
            expires_at: string
            /** @enum {unknown} */
            role: 'owner' | 'member' | 'viewer'
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      410: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  acceptInvitation: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description At least 8 characters */
          password?: string
          token: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            account_id: string
            new_user: boolean
            /** @enum {unknown} */
            role: 'owner' | 'member' | 'viewer'
            /** @enum {boolean} */
            success: true
            user_id: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      410: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listJourneys: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        status?: 'draft' | 'active' | 'paused' | 'archived'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            journeys: components['schemas']['Journey'][]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createJourney: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          /**
           * @description draft | active | paused (a new journey cannot be archived)
           * @default draft
           */
          status?: string
          /** @description Up to 100 steps, run in order unless a condition branches or a step names its `next`. A step is referred to by its 0-based index in this array or by its optional `id` (1-64 of A-Z a-z 0-9 _ -). Types: `send_message {creative_id}` or `{message, offer_links: [{key: "link1", offer_id}]}` (macros such as {{first_name}}, {{brand_name}}, custom fields; each {{linkN}} becomes a tracked link to its offer); `wait {amount, unit: minutes|hours|days}` (at most 30 days); `condition {check: clicked_since_enrollment | sent_since_enrollment | custom_field (+ field, operator, value), yes: <step>, no: <step>}`; `wait_until {time: "HH:MM"}` (next occurrence in the contact's timezone, else the account default, else America/New_York); `set_custom_field {field, value}`; `unsubscribe` (reason journey); `exit`. Any step but condition, unsubscribe and exit may carry `next: <step>`. Steps that loop back without a wait or wait_until are rejected (journey_step_loop). Sends go through dispatch like campaigns (opt-out, blocks, quiet hours). */
          steps: {
            [key: string]: unknown
          }[]
          /** @description Trigger group `{operator: AND|OR, conditions: [...], groups: [...nested groups, at most 5 deep]}`, matched when a contact joins a list (POST /contacts with use_journeys, CSV import with use_journeys, or an opt-in). Conditions: `{type: "list", list_id}` (joined this list), `{type: "signup_method", value}` (e.g. api, import, keyword; case-insensitive), `{type: "custom_field", field, operator: eq|ne|in|not_in|exists|contains, value}` (in/not_in take an array; exists takes an optional boolean; numbers compare as numbers, text case-insensitively). A group needs at least one condition or group. */
          trigger: {
            [key: string]: unknown
          }
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            journey: components['schemas']['Journey']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getJourney: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            journey: components['schemas']['Journey']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateJourney: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name?: string
          /** @description draft | active | paused | archived */
          status?: string
          /** @description Up to 100 steps, run in order unless a condition branches or a step names its `next`. A step is referred to by its 0-based index in this array or by its optional `id` (1-64 of A-Z a-z 0-9 _ -). Types: `send_message {creative_id}` or `{message, offer_links: [{key: "link1", offer_id}]}` (macros such as {{first_name}}, {{brand_name}}, custom fields; each {{linkN}} becomes a tracked link to its offer); `wait {amount, unit: minutes|hours|days}` (at most 30 days); `condition {check: clicked_since_enrollment | sent_since_enrollment | custom_field (+ field, operator, value), yes: <step>, no: <step>}`; `wait_until {time: "HH:MM"}` (next occurrence in the contact's timezone, else the account default, else America/New_York); `set_custom_field {field, value}`; `unsubscribe` (reason journey); `exit`. Any step but condition, unsubscribe and exit may carry `next: <step>`. Steps that loop back without a wait or wait_until are rejected (journey_step_loop). Sends go through dispatch like campaigns (opt-out, blocks, quiet hours). */
          steps?: {
            [key: string]: unknown
          }[]
          /** @description Trigger group `{operator: AND|OR, conditions: [...], groups: [...nested groups, at most 5 deep]}`, matched when a contact joins a list (POST /contacts with use_journeys, CSV import with use_journeys, or an opt-in). Conditions: `{type: "list", list_id}` (joined this list), `{type: "signup_method", value}` (e.g. api, import, keyword; case-insensitive), `{type: "custom_field", field, operator: eq|ne|in|not_in|exists|contains, value}` (in/not_in take an array; exists takes an optional boolean; numbers compare as numbers, text case-insensitively). A group needs at least one condition or group. */
          trigger?: {
            [key: string]: unknown
          }
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            journey: components['schemas']['Journey']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteJourney: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            archived: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listJourneyEnrollments: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        status?: 'active' | 'completed' | 'exited' | 'stopped'
      }
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            enrollments: {
              contact_id: string
              /** @description The step that runs next; null once ended */
              current_step: {
                id: string | null
                index: number
                type: string
              } | null
              /** @description exit_step, last_step, unsubscribe_step, expired, unsubscribed, journey_archived, contact_missing, step_limit */
              end_reason: string | null
              /** Format: date-time */
              ended_at: string | null
              /** Format: date-time */
              enrolled_at: string
              id: string
              journey_id: string
              list_id: number
              /** Format: date-time */
              next_run_at: string | null
              phone_number: string
              /**
               * @description active | completed (exit or last step, unsubscribe step, or 30 days) | exited (journey archived) | stopped (contact unsubscribed)
               * @enum {unknown}
               */
              status: 'active' | 'completed' | 'exited' | 'stopped'
              step_index: number
              /** @description Steps executed so far */
              step_seq: number
            }[]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getJourneyEnrollment: {
    parameters: {
      query?: never
      header?: never
      path: {
        enrollment_id: string
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            enrollment: {
              contact_id: string
              /** @description The step that runs next; null once ended */
              current_step: {
                id: string | null
                index: number
                type: string
              } | null
              /** @description exit_step, last_step, unsubscribe_step, expired, unsubscribed, journey_archived, contact_missing, step_limit */
              end_reason: string | null
              /** Format: date-time */
              ended_at: string | null
              /** Format: date-time */
              enrolled_at: string
              id: string
              journey_id: string
              list_id: number
              /** Format: date-time */
              next_run_at: string | null
              phone_number: string
              /**
               * @description active | completed (exit or last step, unsubscribe step, or 30 days) | exited (journey archived) | stopped (contact unsubscribed)
               * @enum {unknown}
               */
              status: 'active' | 'completed' | 'exited' | 'stopped'
              step_index: number
              /** @description Steps executed so far */
              step_seq: number
            } & {
              events: {
                /** Format: date-time */
                at: string
                /** @description e.g. message_id of a send, until of a wait, branch (next step index) of a condition */
                detail: {
                  [key: string]: unknown
                }
                /** @description sent, skipped, waiting, yes, no, set, unsubscribed, exited; for `end` the final status */
                outcome: string
                step_index: number
                step_seq: number
                /** @description A step type, or `end` when the enrollment ended without one */
                step_type: string
              }[]
            }
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listApiKeys: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            keys: components['schemas']['ApiKey'][]
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createApiKey: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          /** @enum {unknown} */
          role?: 'owner' | 'member' | 'viewer'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Shown once */
            api_key: string
            key: {
              /** Format: date-time */
              created_at: string
              id: string
              name: string
              /** @description First 8 characters of the key (`trk_` and 4 more), to recognise it */
              prefix: string
              /** @enum {unknown} */
              role: 'owner' | 'member' | 'viewer'
            }
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteApiKey: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            revoked: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createLink: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          externalOfferId?: string
          /** @description Sending list id */
          listId?: number
          offerId?: string
          /** @description The list's E.164 sending number */
          phoneNumber?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            clickTrackerUrl: string
            destinationUrl: string
            domain: string
            /** @description 7 characters */
            linkId: string
            offerId: string
            shortUrl: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  shortenLink: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description E.164; fills {{contact.phone}} */
          contactPhone?: string
          /** @description Sending list id */
          listId?: number
          metadata?: {
            [key: string]: unknown
          }
          offerId?: string
          /** @description The list's E.164 sending number */
          phoneNumber?: string
          /** @description http(s) URL, at most 2,048 characters */
          url?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            destinationUrl: string
            domain: string
            filterBots: boolean
            /** @description 7 characters */
            linkId: string
            offerId: string | null
            shortUrl: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      500: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listLists: {
    parameters: {
      query?: {
        status?: 'active' | 'paused' | 'suspended' | 'deleted'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            lists: components['schemas']['SendingList'][]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createList: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          brand_name: string
          /** @description Sends wait for a verified webhook from the provider; default false */
          byoc?: boolean
          /** @description Click-tracking domain: a host name such as trk.ly */
          click_domain?: string | null
          /** @description Provider credentials, checked with the provider before saving and never returned. twilio: account_sid, auth_token (optional messaging_service_sid, base_url); infobip: api_key, base_url; cm: product_token (optional base_url); lime: user, api_id (optional base_url); simulator: none (optional delivery_rate, reply_rate) */
          credentials?: {
            [key: string]: string
          }
          list_name?: string
          /**
           * @description Default 10dlc
           * @enum {unknown}
           */
          number_type?: '10dlc' | 'short_code' | 'toll_free'
          /** @description E.164 sending number, e.g. +18005551234 */
          phone_number: string
          /** @enum {unknown} */
          provider: 'simulator' | 'infobip' | 'twilio' | 'cm' | 'lime'
          /** @description Default by number type */
          rate_per_minute?: number
          /** @description Short links of this list are printed with it: a host name such as trk.ly */
          shortener_domain?: string | null
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            list: components['schemas']['SendingList']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getList: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            list: components['schemas']['SendingList']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateList: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    /** @description Only the fields given change. A new provider needs its credentials; new credentials are checked with the provider before saving. */
    requestBody: {
      content: {
        'application/json': {
          brand_name?: string
          /** @description Sends wait for a verified webhook from the provider; default false */
          byoc?: boolean
          /** @description Click-tracking domain: a host name such as trk.ly */
          click_domain?: string | null
          /** @description Provider credentials, checked with the provider before saving and never returned. twilio: account_sid, auth_token (optional messaging_service_sid, base_url); infobip: api_key, base_url; cm: product_token (optional base_url); lime: user, api_id (optional base_url); simulator: none (optional delivery_rate, reply_rate) */
          credentials?: {
            [key: string]: string
          }
          list_name?: string
          /**
           * @description Default 10dlc
           * @enum {unknown}
           */
          number_type?: '10dlc' | 'short_code' | 'toll_free'
          /** @description E.164 sending number, e.g. +18005551234 */
          phone_number?: string
          /** @enum {unknown} */
          provider?: 'simulator' | 'infobip' | 'twilio' | 'cm' | 'lime'
          /** @description Default by number type */
          rate_per_minute?: number
          /** @description Short links of this list are printed with it: a host name such as trk.ly */
          shortener_domain?: string | null
          /** @enum {unknown} */
          status?: 'active' | 'paused'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            list: components['schemas']['SendingList']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  sendListTest: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description E.164 number to send the test text to, e.g. your own phone */
          to: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description The text that was sent */
            body: string
            /** @description The id the provider gave the test message */
            provider_message_id: string
            /** @enum {boolean} */
            success: true
            /** Format: date-time */
            test_sent_at: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getListHealth: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** Format: date-time */
            from: string
            lists: {
              delivered: number
              /** @description delivered / sends */
              delivery_rate: number
              /** @description Failed and undelivered */
              failed: number
              /** @description (failed + undelivered) / sends */
              failure_rate: number
              list_id: number
              /** @description unsubscribes / sends */
              opt_out_rate: number
              opt_outs: number
              sends: number
            }[]
            /** Format: date-time */
            to: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getLiveFeed: {
    parameters: {
      query?: {
        limit?: number
        /** @description Only these types (repeat the parameter); default all */
        types?: ('click' | 'conversion' | 'reply' | 'send' | 'delivery')[]
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            events: components['schemas']['LiveEvent'][]
            /** @description The newest stream position, whatever the filter; null when nothing happened yet */
            last_event_id: string | null
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  liveStream: {
    parameters: {
      query?: {
        /** @description Resume after this stream position (an SSE event id, or `last_event_id` of the feed) */
        last_event_id?: string
      }
      header?: {
        /** @description Resume after this stream position (an SSE event id, or `last_event_id` of the feed) */
        'last-event-id'?: string
      }
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A text/event-stream that stays open */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'text/event-stream': string
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listMessages: {
    parameters: {
      query?: {
        /** @description Only this contact’s messages */
        contact_id?: string
        page?: number
        per_page?: number
        /** @description Only messages to this number (E.164) */
        to?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            messages: {
              body: string
              contact_id: string
              /** Format: date-time */
              created_at: string
              id: string
              list_number: string
              segments: number
              /** Format: date-time */
              sent_at: string | null
              /** @enum {unknown} */
              status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'dropped' | 'orphaned'
              /** @description Drop or failure reason, or the provider status */
              status_detail: string | null
              to: string
            }[]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getMessage: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            message: components['schemas']['Message']
            /** @description Oldest first: queued, sent or dropped, each delivery receipt, clicks (bots marked), conversions, and the replies the recipient sent on the list before the next message reached them */
            timeline: (
              | {
                  /** Format: date-time */
                  at: string
                  /** @enum {string} */
                  type: 'queued'
                }
              | {
                  /** Format: date-time */
                  at: string
                  provider: string | null
                  /** @enum {string} */
                  type: 'sent'
                }
              | {
                  /** Format: date-time */
                  at: string
                  /** @description Why it was not sent */
                  reason: string | null
                  /** @enum {unknown} */
                  status: 'dropped' | 'orphaned'
                  /** @enum {string} */
                  type: 'dropped'
                }
              | {
                  /** Format: date-time */
                  at: string
                  error_code: string | null
                  /** @description sent | delivered | undelivered | failed, as the provider reported */
                  status: string
                  /** @description The provider's status or error name */
                  status_detail: string | null
                  /** @enum {string} */
                  type: 'delivery'
                }
              | {
                  /** Format: date-time */
                  at: string
                  /** @description Why it is a bot or preview fetch */
                  bot_reason: string | null
                  country: string | null
                  /** @description The message's first human click: counted and credited */
                  first: boolean
                  human: boolean
                  /** @description redirect | preview (interstitial shown) | confirm (Continue pressed) */
                  kind: string
                  offer_id: string
                  /** @enum {string} */
                  type: 'click'
                }
              | {
                  /** Format: date-time */
                  at: string
                  conversion_type: string
                  /** @description False when it came after the offer's click window */
                  credited: boolean
                  network: string
                  /** @description Signed: refunds and chargebacks are negative */
                  payout: number
                  /** @description postback | pixel | conv | api | import */
                  source: string
                  /** @enum {string} */
                  type: 'conversion'
                }
              | {
                  /** Format: date-time */
                  at: string
                  /** @enum {unknown} */
                  kind: 'opt_out' | 'opt_in' | 'help' | 'spam_complaint' | 'other'
                  opt_out: boolean
                  reply_id: string
                  text: string
                  /** @enum {string} */
                  type: 'reply'
                }
            )[]
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listMlCreatives: {
    parameters: {
      query?: {
        creative_id?: number
        /** @description Only this feature’s values */
        feature?: 'carrier' | 'line_type' | 'tz_band' | 'recency'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            creatives: {
              /** @description First human clicks of the sends */
              clicks: number
              /** @description The same per contact-context value (raw counts of that value, not shrunk) */
              contexts: {
                /** @description First human clicks of the sends */
                clicks: number
                /** @description Conversions of the sends (refunds and chargebacks excluded) */
                conversions: number
                /** @description Posterior mean and 95% credible interval */
                ctr: {
                  high: number
                  low: number
                  mean: number
                }
                /** @description Posterior mean and 95% credible interval */
                cvr: {
                  high: number
                  low: number
                  mean: number
                }
                /** @description carrier | line_type | tz_band | recency */
                feature: string
                /** @description Net revenue: refunds and chargebacks subtract */
                revenue: number
                /** @description Posterior mean revenue per send at the offer's payout */
                rps: number
                sends: number
                value: string
              }[]
              /** @description Conversions of the sends (refunds and chargebacks excluded) */
              conversions: number
              creative_id: number
              /** @description Posterior mean and 95% credible interval */
              ctr: {
                high: number
                low: number
                mean: number
              }
              /** @description Posterior mean and 95% credible interval */
              cvr: {
                high: number
                low: number
                mean: number
              }
              name: string
              /** @description The creative's first link's offer */
              offer_id: string | null
              payout: number
              payout_type: string
              /** @description Net revenue: refunds and chargebacks subtract */
              revenue: number
              /** @description Posterior mean revenue per send at the offer's payout */
              rps: number
              sends: number
              status: string
            }[]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getMlSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Condition the posteriors on the contact's carrier, line type, timezone band and engagement recency (shrunk to the creative's global posterior); false samples context-free posteriors */
            contextual: boolean
            /**
             * @description thompson_single_step scores every creative on sampled revenue per send; thompson_two_step picks the best offer first, then the best creative of that offer
             * @enum {unknown}
             */
            mode: 'thompson_single_step' | 'thompson_two_step'
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateMlSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Condition the posteriors on the contact's carrier, line type, timezone band and engagement recency (shrunk to the creative's global posterior); false samples context-free posteriors */
          contextual?: boolean
          /**
           * @description thompson_single_step scores every creative on sampled revenue per send; thompson_two_step picks the best offer first, then the best creative of that offer
           * @enum {unknown}
           */
          mode?: 'thompson_single_step' | 'thompson_two_step'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Condition the posteriors on the contact's carrier, line type, timezone band and engagement recency (shrunk to the creative's global posterior); false samples context-free posteriors */
            contextual: boolean
            /**
             * @description thompson_single_step scores every creative on sampled revenue per send; thompson_two_step picks the best offer first, then the best creative of that offer
             * @enum {unknown}
             */
            mode: 'thompson_single_step' | 'thompson_two_step'
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listOffers: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        status?: 'active' | 'paused' | 'archived'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            offers: components['schemas']['Offer'][]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createOffer: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          advertiser_id?: string | null
          bot_filter_mode?: (never | null) | ('no_filter' | 'filter')
          /** @default 90 */
          click_window_days?: number
          external_id?: string | null
          external_platform?: (never | null) | ('tune' | 'everflow' | 'cake')
          /** @default false */
          filter_bots?: boolean
          metadata?: {
            [key: string]: string
          }
          name: string
          /** @default 0 */
          payout?: number
          /**
           * @default cpa
           * @enum {unknown}
           */
          payout_type?: 'cpa' | 'cpc'
          /**
           * @default active
           * @enum {unknown}
           */
          status?: 'active' | 'paused'
          /** @description http(s) URL; may hold {{click_id}}-style macros */
          tracking_url: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            offer: components['schemas']['Offer']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getOffer: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            offer: components['schemas']['Offer']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateOffer: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          advertiser_id?: string | null
          bot_filter_mode?: (never | null) | ('no_filter' | 'filter')
          click_window_days?: number
          external_id?: string | null
          external_platform?: (never | null) | ('tune' | 'everflow' | 'cake')
          filter_bots?: boolean
          /** @description Merged into the stored metadata; a null value removes its key */
          metadata?: {
            [key: string]: string | null
          }
          name?: string
          payout?: number
          /** @enum {unknown} */
          payout_type?: 'cpa' | 'cpc'
          /**
           * @description `archived` is a soft delete
           * @enum {unknown}
           */
          status?: 'active' | 'paused' | 'archived'
          /** @description http(s) URL; may hold {{click_id}}-style macros */
          tracking_url?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            offer: components['schemas']['Offer']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteOffer: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            archived: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  sendOtp: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @default 6 */
          code_length?: number
          /**
           * @description Seconds the code stays valid
           * @default 300
           */
          expires_in?: number
          /** @description E.164 number of one of your sending lists */
          list_number: string
          /** @description At most 1024 bytes of JSON; returned on verification */
          metadata?: {
            [key: string]: unknown
          }
          /**
           * @description Must contain {{code}}; {{minutes}} is the validity in whole minutes; the send macros ({{brand_name}}, …) also apply
           * @default Your {{brand_name}} code is {{code}}. It expires in {{minutes}} minutes.
           */
          template?: string
          /** @description Recipient, E.164 */
          to: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** Format: date-time */
            expires_at: string
            message_id: string
            otp_id: string
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Guesses left for this code */
            attempts_remaining?: number
            code: string
            error: string
            /** @description Seconds until a code may be sent again */
            retry_after?: number
          }
        }
      }
    }
  }
  verifyOtp: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          code: string
          list_number?: string
          otp_id?: string
          /** @description The number the code was sent to, E.164 */
          to: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description As given when the code was sent */
            metadata: {
              [key: string]: unknown
            }
            otp_id: string
            /** @enum {boolean} */
            success: true
            /** @enum {boolean} */
            verified: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Guesses left for this code */
            attempts_remaining?: number
            code: string
            error: string
            /** @description Seconds until a code may be sent again */
            retry_after?: number
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Guesses left for this code */
            attempts_remaining?: number
            code: string
            error: string
            /** @description Seconds until a code may be sent again */
            retry_after?: number
          }
        }
      }
    }
  }
  updatePostbackAllowUnsigned: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          allow_unsigned: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Postbacks without a secret are accepted (off by default; a wrong secret is refused regardless) */
            allow_unsigned: boolean
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updatePostbackAllowlist: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          ip_allowlist: string[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description IPv4/IPv6 addresses or CIDR ranges postbacks must come from; empty: any address */
            ip_allowlist: string[]
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  rotatePostbackSecret: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Postback URL templates with each network’s macros; `{…}` on conv/pixel are yours to fill */
            postback_urls: {
              cake: string
              conv: string
              conv_offer: string
              everflow: string
              pixel: string
              tune: string
            }
            /** @description Shown here and to owners in the settings */
            secret: string
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getPostbackSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Postbacks without a secret are accepted (off by default; a wrong secret is refused regardless) */
            allow_unsigned: boolean
            /** @description IPv4/IPv6 addresses or CIDR ranges postbacks must come from; empty: any address */
            ip_allowlist: string[]
            /** @description Postback URL templates with each network’s macros; `{…}` on conv/pixel are yours to fill */
            postback_urls: {
              cake: string
              conv: string
              conv_offer: string
              everflow: string
              pixel: string
              tune: string
            }
            /** @description Owners only; else null */
            secret: string | null
            secret_set: boolean
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listReplies: {
    parameters: {
      query?: {
        /** @description Only this contact’s replies */
        contact_id?: string
        kind?: 'opt_out' | 'opt_in' | 'help' | 'spam_complaint' | 'other'
        list_number?: string
        page?: number
        per_page?: number
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            pagination: components['schemas']['Pagination']
            replies: components['schemas']['Reply'][]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getLtvReport: {
    parameters: {
      query?: {
        /** @description Custom field name */
        field?: string
        format?: 'json' | 'csv' | 'xlsx'
        /** @description ISO 8601, inclusive; no zone = UTC; default: `to` − 30 days */
        from?: string
        group_by?: 'signup_date' | 'list' | 'carrier' | 'custom_field'
        /** @description ISO 8601, exclusive; default: now */
        to?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The report; `format=csv` answers it as CSV, `format=xlsx` as an Excel workbook */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            field: string | null
            /** Format: date-time */
            from: string
            group_by: string
            rows: {
              contacts: number
              converters: number
              key: string | null
              ltv_7d: number
              ltv_14d: number
              ltv_30d: number
              ltv_60d: number
              ltv_lifetime: number
              revenue_7d: number
              revenue_14d: number
              revenue_30d: number
              revenue_60d: number
              revenue_lifetime: number
            }[]
            /** Format: date-time */
            to: string
          }
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string
          'text/csv': string
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getMessageReport: {
    parameters: {
      query?: {
        format?: 'json' | 'csv' | 'xlsx'
      }
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The report; `format=csv` answers it as CSV, `format=xlsx` as an Excel workbook */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            bot_clicks: number
            click_rate: number
            /** @description Unique first human clicks (the first click of the message) */
            clicks: number
            /** @description Continue pressed on the interstitial (filter mode) */
            confirmed_clicks: number
            conversion_rate: number
            /** @description Credited conversions, refunds and chargebacks excluded */
            conversions: number
            cost: number
            delivered: number
            delivery_rate: number
            epc: number
            failed: number
            failure_rate: number
            human_clicks: number
            message_id: string
            /** @description revenue − cost */
            profit: number
            profit_per_send: number
            /** @description Credited revenue net of refunds and chargebacks */
            revenue: number
            /** @description Credited refunds and chargebacks */
            reversals: number
            rps: number
            segments: number
            sends: number
            /** @description Every hit of the short link, bots and previews included */
            total_clicks: number
            undelivered: number
          }
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string
          'text/csv': string
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getOverview: {
    parameters: {
      query?: {
        /** @description ISO 8601, inclusive; no zone = UTC */
        from?: string
        /** @description ISO 8601, exclusive; default: now (with `from`) */
        to?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            current: components['schemas']['Tiles']
            previous: components['schemas']['Tiles']
            previous_range: {
              /** Format: date-time */
              from: string
              /**
               * Format: date-time
               * @description Exclusive
               */
              to: string
            }
            range: {
              /** Format: date-time */
              from: string
              /**
               * Format: date-time
               * @description Exclusive
               */
              to: string
            }
            /** @description The account’s timezone (IANA), which “today” is reckoned in */
            timezone: string
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getPerformanceReport: {
    parameters: {
      query?: {
        /** @description Only this carrier */
        carrier?: string
        /** @description Only messages of this creative */
        creative_id?: number
        /** @description Custom field name */
        field?: string
        format?: 'json' | 'csv' | 'xlsx'
        /** @description ISO 8601, inclusive; no zone = UTC; default: `to` − 30 days */
        from?: string
        group_by?:
          | 'date'
          | 'hour'
          | 'offer'
          | 'creative'
          | 'schedule'
          | 'variant'
          | 'list'
          | 'carrier'
          | 'custom_field'
        /** @description Only this sending list (its id) */
        list_id?: number
        /** @description Only events of this offer */
        offer_id?: string
        /** @description Only messages of this schedule (campaign) */
        schedule_id?: string
        /** @description ISO 8601, exclusive; default: now */
        to?: string
        /** @description Only this blast variant */
        variant?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The report; `format=csv` answers it as CSV, `format=xlsx` as an Excel workbook */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            field: string | null
            /** Format: date-time */
            from: string
            group_by: string
            rows: {
              bot_clicks: number
              click_rate: number
              /** @description Unique first human clicks */
              clicks: number
              confirmed_clicks: number
              conversion_rate: number
              conversions: number
              cost: number
              delivered: number
              delivery_rate: number
              epc: number
              failed: number
              failure_rate: number
              human_clicks: number
              /** @description Date, hour, id or value of the group; null: none */
              key: string | null
              opt_out_rate: number | null
              /** @description null for groupings unsubscribes have no value for */
              opt_outs: number | null
              preview_clicks: number
              profit: number
              profit_per_send: number
              revenue: number
              reversals: number
              rps: number
              segments: number
              sends: number
              total_clicks: number
              undelivered: number
            }[]
            /** Format: date-time */
            to: string
            /** @description The whole selection (range and filters). Not the sum of the rows when grouped by offer: a send with two offers is in two rows and counts once here */
            totals: {
              bot_clicks: number
              click_rate: number
              /** @description Unique first human clicks */
              clicks: number
              confirmed_clicks: number
              conversion_rate: number
              conversions: number
              cost: number
              delivered: number
              delivery_rate: number
              epc: number
              failed: number
              failure_rate: number
              human_clicks: number
              opt_out_rate: number | null
              /** @description null for groupings unsubscribes have no value for */
              opt_outs: number | null
              preview_clicks: number
              profit: number
              profit_per_send: number
              revenue: number
              reversals: number
              rps: number
              segments: number
              sends: number
              total_clicks: number
              undelivered: number
            }
          }
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string
          'text/csv': string
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getTimeseries: {
    parameters: {
      query?: {
        minutes?: number
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            buckets: {
              /** @description First human clicks */
              clicks: number
              /**
               * Format: date-time
               * @description Start of the minute (UTC)
               */
              minute: string
              /** @description Credited revenue */
              revenue: number
              sends: number
            }[]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createRevenue: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @enum {unknown} */
          attribution_type: 'sale' | 'click' | 'send'
          /** @description The 8-character message id ({{sendId}}) */
          message_id: string
          /** @description Internal or external offer id; default: the offer of the message's link */
          offer_id?: string
          /** @description Amount, ≥ 0 */
          revenue: number
          /** @description ISO 8601; no zone means UTC. Default: now */
          timestamp?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            message_id: string
            revenue: number
            revenue_id: string
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  bulkCreateRevenue: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description The records are history from another system
           * @default false
           */
          imported?: boolean
          records: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            error_count: number
            errors: {
              code: string
              error: string
              index: number
              message_id: string | null
            }[]
            success_count: number
            /** @description Sum of the recorded amounts */
            total_revenue: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listSchedules: {
    parameters: {
      query?: {
        status?: 'draft' | 'off' | 'on' | 'complete' | 'archive'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            schedules: components['schemas']['Schedule'][]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createSchedule: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Ids of active audiences; their contacts are merged and de-duplicated */
          audiences: string[]
          automated_percent?: number
          /** @description Required for send_type blast; replaced as a whole on update */
          blasts?: {
            /** @description Required */
            message?: string
            mms_image_url?: string | null
            offer_links?: {
              /** @description Required */
              key?: string
              /** @description Required */
              offer_id?: string
              url_params?: {
                [key: string]: string
              }
            }[]
            /** @description Percentages of all blasts add up to exactly 100; a single blast defaults to 100 */
            percent_audience?: number
            variant_name?: string | null
          }[]
          /** @description Required when repeating, with at least one day true */
          days_of_week?: {
            friday?: boolean
            monday?: boolean
            saturday?: boolean
            sunday?: boolean
            thursday?: boolean
            tuesday?: boolean
            wednesday?: boolean
          } | null
          /** @description YYYY-MM-DD; required when repeating */
          end_date?: string | null
          filter_bots?: boolean
          ir_revenue?: boolean
          is_cto?: boolean
          is_mms?: boolean
          is_repeating: boolean
          /** @description Or the E.164 number of that list */
          list_number?: string | null
          name: string
          /** @description YYYY-MM-DD; required when not repeating */
          send_date?: string | null
          /** @description HH:MM, 24-hour */
          send_time: string
          /** @enum {unknown} */
          send_type: 'blast' | 'automated'
          /** @description The list (number) it sends from */
          sending_list_id?: number | null
          /** @description Skip contacts sent to within this many hours; 0 turns the cap off */
          skip_within_hours?: number
          source_lists?: number[]
          /** @description YYYY-MM-DD; required when repeating */
          start_date?: string | null
          /** @enum {unknown} */
          status?: 'draft' | 'off' | 'on'
          /** @description send_time is read in each recipient's timezone */
          use_local_time?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            schedule: components['schemas']['Schedule']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getSchedule: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            schedule: components['schemas']['Schedule']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateSchedule: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Ids of active audiences; their contacts are merged and de-duplicated */
          audiences?: string[]
          automated_percent?: number
          /** @description Required for send_type blast; replaced as a whole on update */
          blasts?: {
            /** @description Required */
            message?: string
            mms_image_url?: string | null
            offer_links?: {
              /** @description Required */
              key?: string
              /** @description Required */
              offer_id?: string
              url_params?: {
                [key: string]: string
              }
            }[]
            /** @description Percentages of all blasts add up to exactly 100; a single blast defaults to 100 */
            percent_audience?: number
            variant_name?: string | null
          }[]
          /** @description Required when repeating, with at least one day true */
          days_of_week?: {
            friday?: boolean
            monday?: boolean
            saturday?: boolean
            sunday?: boolean
            thursday?: boolean
            tuesday?: boolean
            wednesday?: boolean
          } | null
          /** @description YYYY-MM-DD; required when repeating */
          end_date?: string | null
          filter_bots?: boolean
          ir_revenue?: boolean
          is_cto?: boolean
          is_mms?: boolean
          is_repeating?: boolean
          /** @description Or the E.164 number of that list */
          list_number?: string | null
          name?: string
          /** @description YYYY-MM-DD; required when not repeating */
          send_date?: string | null
          /** @description HH:MM, 24-hour */
          send_time?: string
          /** @enum {unknown} */
          send_type?: 'blast' | 'automated'
          /** @description The list (number) it sends from */
          sending_list_id?: number | null
          /** @description Skip contacts sent to within this many hours; 0 turns the cap off */
          skip_within_hours?: number
          source_lists?: number[]
          /** @description YYYY-MM-DD; required when repeating */
          start_date?: string | null
          /** @enum {unknown} */
          status?: 'draft' | 'off' | 'on'
          /** @description send_time is read in each recipient's timezone */
          use_local_time?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            schedule: components['schemas']['Schedule']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteSchedule: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            archived: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listScheduleRuns: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            runs: {
              /** @description Messages with a human click */
              clicked: number
              /** @description Of those, held until the recipient's quiet hours end */
              deferred: number
              error: string | null
              excluded: {
                frequency_cap: number
                in_workflow: number
                invalid: number
                unsubscribed: number
              }
              /** Format: date-time */
              finished_at: string | null
              id: string
              messages: {
                delivered: number
                dropped: number
                failed: number
                queued: number
                sent: number
                undelivered: number
              }
              /** @description The date the run sends for (YYYY-MM-DD; local date with use_local_time) */
              occurrence: string
              /** @description Messages created for the run */
              queued: number
              /** @description Revenue attributed to the run's messages */
              revenue: number
              /** Format: date-time */
              started_at: string
              /** @enum {unknown} */
              status: 'running' | 'complete' | 'failed'
              /** @description Audience members (merged, de-duplicated) looked at so far */
              targeted: number
              /** @description Messages per blast variant, `ml` (chosen by the selector) and `control` */
              variants: {
                [key: string]: number
              }
              /** @description Timezones expanded (1 of 1 when not in local time) */
              zones_done: number
              zones_total: number
            }[]
            schedule_id: string
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getScheduleRun: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
        runId: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            run: {
              /** @description Messages with a human click */
              clicked: number
              /** @description Of those, held until the recipient's quiet hours end */
              deferred: number
              error: string | null
              excluded: {
                frequency_cap: number
                in_workflow: number
                invalid: number
                unsubscribed: number
              }
              /** Format: date-time */
              finished_at: string | null
              id: string
              messages: {
                delivered: number
                dropped: number
                failed: number
                queued: number
                sent: number
                undelivered: number
              }
              /** @description The date the run sends for (YYYY-MM-DD; local date with use_local_time) */
              occurrence: string
              /** @description Messages created for the run */
              queued: number
              /** @description Revenue attributed to the run's messages */
              revenue: number
              /** Format: date-time */
              started_at: string
              /** @enum {unknown} */
              status: 'running' | 'complete' | 'failed'
              /** @description Audience members (merged, de-duplicated) looked at so far */
              targeted: number
              /** @description Messages per blast variant, `ml` (chosen by the selector) and `control` */
              variants: {
                [key: string]: number
              }
              /** @description Timezones expanded (1 of 1 when not in local time) */
              zones_done: number
              zones_total: number
            }
            schedule_id: string
            variants: {
              /** @description Messages with a first human click */
              clicked: number
              /** @description Refunds and chargebacks excluded */
              conversions: number
              creative_id: number | null
              creative_name: string | null
              /** @description Posterior mean and 95% credible interval */
              ctr: {
                high: number
                low: number
                mean: number
              }
              /** @description Posterior mean and 95% credible interval */
              cvr: {
                high: number
                low: number
                mean: number
              }
              delivered: number
              messages: number
              /** @description The selector's posterior of this automated creative over all its sends (GET /ml/creatives); null for blast content */
              ml_posterior: {
                clicks: number
                conversions: number
                /** @description Posterior mean and 95% credible interval */
                ctr: {
                  high: number
                  low: number
                  mean: number
                }
                /** @description Posterior mean and 95% credible interval */
                cvr: {
                  high: number
                  low: number
                  mean: number
                }
                revenue: number
                /** @description Posterior mean revenue per send at the offer's payout */
                rps: number
                sends: number
              } | null
              /** @description Net revenue attributed to the messages */
              revenue: number
              /** @description revenue / sent */
              rps: number
              sent: number
              /** @description Blast variant name, `ml` (chosen by the selector) or `control` */
              variant: string
            }[]
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  estimateSchedule: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Ids of active audiences; their contacts are merged and de-duplicated */
          audiences: string[]
          automated_percent?: number
          /** @description Required for send_type blast; replaced as a whole on update */
          blasts?: {
            /** @description Required */
            message?: string
            mms_image_url?: string | null
            offer_links?: {
              /** @description Required */
              key?: string
              /** @description Required */
              offer_id?: string
              url_params?: {
                [key: string]: string
              }
            }[]
            /** @description Percentages of all blasts add up to exactly 100; a single blast defaults to 100 */
            percent_audience?: number
            variant_name?: string | null
          }[]
          /** @description Required when repeating, with at least one day true */
          days_of_week?: {
            friday?: boolean
            monday?: boolean
            saturday?: boolean
            sunday?: boolean
            thursday?: boolean
            tuesday?: boolean
            wednesday?: boolean
          } | null
          /** @description YYYY-MM-DD; required when repeating */
          end_date?: string | null
          filter_bots?: boolean
          ir_revenue?: boolean
          is_cto?: boolean
          is_mms?: boolean
          is_repeating: boolean
          /** @description Or the E.164 number of that list */
          list_number?: string | null
          name: string
          /** @description YYYY-MM-DD; required when not repeating */
          send_date?: string | null
          /** @description HH:MM, 24-hour */
          send_time: string
          /** @enum {unknown} */
          send_type: 'blast' | 'automated'
          /** @description The list (number) it sends from */
          sending_list_id?: number | null
          /** @description Skip contacts sent to within this many hours; 0 turns the cap off */
          skip_within_hours?: number
          source_lists?: number[]
          /** @description YYYY-MM-DD; required when repeating */
          start_date?: string | null
          /** @enum {unknown} */
          status?: 'draft' | 'off' | 'on'
          /** @description send_time is read in each recipient's timezone */
          use_local_time?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description Distinct contacts in the union of the named audiences, each over its source lists (all the account’s lists when it names none) narrowed to the schedule’s source_lists when given, counted as audience size counts: unsubscribed memberships and numbers blocked account-wide are not counted. */
            audience: number
            /** @description The automated (ML) share */
            automated: {
              /** @description Active automated creatives the selector chooses from */
              creatives: number
              /** @description automated_percent as the runner applies it */
              percent: number
              /** @description 0 when the account has no active automated creative */
              recipients: number
              /** @description Segments of the longest of them (an estimate never too low) */
              segment_count: number
              /** @description recipients × segment_count */
              segments: number
            }
            /** Format: date-time */
            calculated_at: string
            /** @description Cost of those segments at the price of spec §20 (segments already billed this cycle not counted) */
            cost_usd: number
            /** @description Of the audience, who the run would leave out if it ran now, each contact under the first reason in this order. Decided again per contact when the campaign runs; lists not active then are not foreseen. */
            excluded: {
              /** @description Contacts messaged within skip_within_hours, as of now (0 when the cap is off) */
              frequency_cap: number
              /** @description Contacts in a journey now */
              in_workflow: number
              /** @description Invalid or unreachable numbers */
              invalid: number
            }
            /** @description audience minus excluded: the contacts the shares below divide */
            recipients: number
            /** @description Segments of the whole send: variants and the automated share */
            segments: number
            variants: {
              /** @description As POST /creatives/estimate counts it: links 23 characters, account prefix and suffix included */
              character_count: number
              /** @enum {unknown} */
              encoding: 'GSM-7' | 'UCS-2'
              /** @description variant_name, else `variant_N` as the runner names it */
              name: string
              /** @description percent_audience: its share of the contacts not in the ML share */
              percent: number
              /** @description Estimated recipients (whole contacts; the variants add up exactly) */
              recipients: number
              /** @description Segments of one message */
              segment_count: number
              /** @description recipients × segment_count */
              segments: number
            }[]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  sendMessage: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Text with optional macros ({{first_name}}, {{linkN}}, …) */
          body: string
          contact_data?: {
            custom_fields?: {
              [key: string]: string | number | boolean
            }
            first_name?: string
            last_name?: string
            timezone?: string
          }
          /** @description E.164 number of one of your sending lists */
          list_number: string
          metadata?: {
            [key: string]: unknown
          }
          offer_links?: {
            key: string
            offer_id: string
          }[]
          /** @description Recipient, E.164 */
          to: string
          /** @description Turn every URL in the body into a tracked short link */
          wrap_links?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            message_id: string
            segments: number
            /** @enum {string} */
            status: 'queued'
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  sendRawMessage: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Text with optional macros ({{first_name}}, {{linkN}}, …) */
          body: string
          contact_data?: {
            custom_fields?: {
              [key: string]: string | number | boolean
            }
            first_name?: string
            last_name?: string
            timezone?: string
          }
          /** @description E.164 number of one of your sending lists */
          list_number: string
          metadata?: {
            [key: string]: unknown
          }
          offer_links?: {
            key: string
            offer_id: string
          }[]
          /**
           * @description Bypass opt-out and block checks (the message records the bypass)
           * @default false
           */
          skip_contact_validation?: boolean
          /**
           * @description Bypass the guard against an identical message to the same number within 5 minutes
           * @default false
           */
          skip_duplicate_check?: boolean
          /**
           * @description Bypass the check for a conflicting active journey enrollment
           * @default false
           */
          skip_journey_check?: boolean
          /**
           * @description Bypass the per-list throughput limit
           * @default false
           */
          skip_rate_limit?: boolean
          /** @description Recipient, E.164 */
          to: string
          /** @description Turn every URL in the body into a tracked short link */
          wrap_links?: boolean
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            message_id: string
            segments: number
            /** @enum {string} */
            status: 'queued'
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  bulkSendRawMessages: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Default for messages without one */
          list_number?: string
          messages: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            error_count: number
            errors: {
              code: string
              error: string
              index: number
              to: string | null
            }[]
            messages: {
              index: number
              message_id: string
            }[]
            queued_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  bulkSendMessages: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @description Default for messages without one */
          list_number?: string
          messages: unknown[]
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            error_count: number
            errors: {
              code: string
              error: string
              index: number
              to: string | null
            }[]
            messages: {
              index: number
              message_id: string
            }[]
            queued_count: number
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listTeam: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            invitations: {
              /** Format: date-time */
              created_at: string
              email: string
              /** Format: date-time */
              expires_at: string
              id: string
              /** @enum {unknown} */
              role: 'owner' | 'member' | 'viewer'
              /**
               * @description An expired invitation can be resent
               * @enum {unknown}
               */
              status: 'pending' | 'expired'
            }[]
            members: components['schemas']['Member'][]
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateTeamMember: {
    parameters: {
      query?: never
      header?: never
      path: {
        user_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @enum {unknown} */
          role: 'owner' | 'member' | 'viewer'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            member: components['schemas']['Member']
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  removeTeamMember: {
    parameters: {
      query?: never
      header?: never
      path: {
        user_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            removed: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createInvitation: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          email: string
          /** @enum {unknown} */
          role: 'owner' | 'member' | 'viewer'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            invitation: {
              /** Format: date-time */
              created_at: string
              email: string
              /** Format: date-time */
              expires_at: string
              id: string
              /** @enum {unknown} */
              role: 'owner' | 'member' | 'viewer'
              /**
               * @description An expired invitation can be resent
               * @enum {unknown}
               */
              status: 'pending' | 'expired'
            }
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteInvitation: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            deleted: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  resendInvitation: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            invitation: {
              /** Format: date-time */
              created_at: string
              email: string
              /** Format: date-time */
              expires_at: string
              id: string
              /** @enum {unknown} */
              role: 'owner' | 'member' | 'viewer'
              /**
               * @description An expired invitation can be resent
               * @enum {unknown}
               */
              status: 'pending' | 'expired'
            }
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getTrackingSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description ISO 3166-1 alpha-2 codes; clicks from them are stored as bots (reason blocked_country). The country is read from the trusted proxy header named by CLICK_COUNTRY_HEADER; without it no click's country is known. */
            blocked_countries: string[]
            /**
             * @description no_filter: every click is redirected at once (bots are still classified and never take the first-click slot). filter: links show an interstitial page with a Continue button and only confirmed clicks count.
             * @enum {unknown}
             */
            bot_filter_mode: 'no_filter' | 'filter'
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateTrackingSettings: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          blocked_countries?: string[]
          /** @enum {unknown} */
          bot_filter_mode?: 'no_filter' | 'filter'
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description ISO 3166-1 alpha-2 codes; clicks from them are stored as bots (reason blocked_country). The country is read from the trusted proxy header named by CLICK_COUNTRY_HEADER; without it no click's country is known. */
            blocked_countries: string[]
            /**
             * @description no_filter: every click is redirected at once (bots are still classified and never take the first-click slot). filter: links show an interstitial page with a Continue button and only confirmed clicks count.
             * @enum {unknown}
             */
            bot_filter_mode: 'no_filter' | 'filter'
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listWebhooks: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            pagination: components['schemas']['Pagination']
            webhooks: components['schemas']['Webhook'][]
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  createWebhook: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          description?: string
          /** @description One or more of `delivery`, `unsubscribe`, `reply` */
          events: string[]
          /** @description https URL of a public host; private, loopback, link-local and metadata addresses are refused (`webhook_url_not_allowed`) */
          url: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description `whsec_` + 32 alphanumerics, shown once; signs `X-Trackly-Signature` */
            secret: string
            /** @enum {boolean} */
            success: true
            webhook: components['schemas']['Webhook']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  getWebhook: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true
            webhook: components['schemas']['Webhook']
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  deleteWebhook: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            deleted: true
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  updateWebhook: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          description?: string | null
          /** @description One or more of `delivery`, `unsubscribe`, `reply` */
          events?: string[]
          /** @enum {unknown} */
          status?: 'active' | 'paused'
          /** @description https URL of a public host; private, loopback, link-local and metadata addresses are refused (`webhook_url_not_allowed`) */
          url?: string
        }
      }
    }
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @enum {boolean} */
            success: true
            webhook: components['schemas']['Webhook']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  listWebhookDeliveries: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        status?: 'pending' | 'succeeded' | 'failed'
      }
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            deliveries: {
              attempts: number
              /** Format: date-time */
              created_at: string
              /** Format: date-time */
              delivered_at: string | null
              event_id: string
              event_type: string
              /** @description Also the `id` of the POSTed body and the `X-Trackly-Delivery` header */
              id: string
              last_error: string | null
              last_status_code: number | null
              /** Format: date-time */
              next_attempt_at: string | null
              /** @description The `data` of the POSTed body */
              payload: {
                [key: string]: unknown
              }
              /** @enum {unknown} */
              status: 'pending' | 'succeeded' | 'failed'
            }[]
            pagination: components['schemas']['Pagination']
          }
        }
      }
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  rotateWebhookSecret: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @description `whsec_` + 32 alphanumerics, shown once; signs `X-Trackly-Signature` */
            secret: string
            /** @enum {boolean} */
            success: true
            webhook: components['schemas']['Webhook']
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  testWebhook: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            delivery: {
              attempts: number
              /** Format: date-time */
              created_at: string
              /** Format: date-time */
              delivered_at: string | null
              event_id: string
              event_type: string
              /** @description Also the `id` of the POSTed body and the `X-Trackly-Delivery` header */
              id: string
              last_error: string | null
              last_status_code: number | null
              /** Format: date-time */
              next_attempt_at: string | null
              /** @description The `data` of the POSTed body */
              payload: {
                [key: string]: unknown
              }
              /** @enum {unknown} */
              status: 'pending' | 'succeeded' | 'failed'
            }
            /** @enum {boolean} */
            success: true
          }
        }
      }
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
}
