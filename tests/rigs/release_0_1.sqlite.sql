-- The schema Veille 0.1 created at its first start on SQLite: the statements it sent, in order.

CREATE TABLE items (
	id INTEGER NOT NULL, 
	source VARCHAR(200) NOT NULL, 
	source_type VARCHAR(40) NOT NULL, 
	guid TEXT, 
	url TEXT, 
	canonical_url TEXT, 
	title TEXT NOT NULL, 
	text TEXT NOT NULL, 
	author TEXT, 
	published_at DATETIME, 
	fetched_at DATETIME NOT NULL, 
	declared_language VARCHAR(20), 
	reach JSON, 
	title_key VARCHAR(40), 
	title_key_short VARCHAR(40), 
	duplicate_of INTEGER, 
	search_text TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(duplicate_of) REFERENCES items (id) ON DELETE CASCADE
);

CREATE INDEX ix_items_source ON items (source);

CREATE INDEX ix_items_duplicate_of ON items (duplicate_of);

CREATE INDEX ix_items_fetched_at ON items (fetched_at);

CREATE INDEX ix_items_title_key ON items (title_key);

CREATE INDEX ix_items_title_key_short ON items (title_key_short);

CREATE TABLE source_state (
	source VARCHAR(200) NOT NULL, 
	etag TEXT, 
	last_modified TEXT, 
	cursor TEXT, 
	first_polled_at DATETIME, 
	last_polled_at DATETIME, 
	last_success_at DATETIME, 
	last_error TEXT, 
	last_error_kind VARCHAR(20), 
	last_error_at DATETIME, 
	failing_since DATETIME, 
	failure_notified BOOLEAN NOT NULL, 
	consecutive_failures INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	items_seen INTEGER NOT NULL, 
	PRIMARY KEY (source)
);

CREATE TABLE mutes (
	id INTEGER NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	value VARCHAR(300) NOT NULL, 
	display VARCHAR(300) NOT NULL, 
	brand VARCHAR(200), 
	created_by VARCHAR(40) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_mute UNIQUE (kind, value, brand)
);

CREATE TABLE channels (
	name VARCHAR(100) NOT NULL, 
	channel_id VARCHAR(40) NOT NULL, 
	PRIMARY KEY (name)
);

CREATE TABLE dedup_keys (
	"key" VARCHAR(64) NOT NULL, 
	item_id INTEGER NOT NULL, 
	PRIMARY KEY ("key"), 
	FOREIGN KEY(item_id) REFERENCES items (id) ON DELETE CASCADE
);

CREATE INDEX ix_dedup_keys_item_id ON dedup_keys (item_id);

CREATE TABLE mentions (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	brand VARCHAR(200) NOT NULL, 
	terms JSON NOT NULL, 
	spans JSON NOT NULL, 
	language VARCHAR(10) NOT NULL, 
	tone VARCHAR(10) NOT NULL, 
	tone_score FLOAT, 
	tone_confidence FLOAT, 
	tone_corrected VARCHAR(10), 
	tone_corrected_by VARCHAR(40), 
	tone_corrected_at DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_mention_item_brand UNIQUE (item_id, brand), 
	FOREIGN KEY(item_id) REFERENCES items (id) ON DELETE CASCADE
);

CREATE INDEX ix_mentions_brand ON mentions (brand);

CREATE INDEX ix_mentions_created_at ON mentions (created_at);

CREATE TABLE alerts (
	id INTEGER NOT NULL, 
	mention_id INTEGER NOT NULL, 
	channel VARCHAR(100) NOT NULL, 
	channel_id VARCHAR(40), 
	status VARCHAR(12) NOT NULL, 
	ts VARCHAR(40), 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	sending_at DATETIME, 
	posted_at DATETIME, 
	state VARCHAR(20) NOT NULL, 
	actor VARCHAR(40), 
	acted_at DATETIME, 
	needs_update BOOLEAN NOT NULL, 
	update_next_attempt_at DATETIME, 
	update_attempts INTEGER NOT NULL, 
	revision INTEGER NOT NULL, 
	assignee VARCHAR(40), 
	assigned_by VARCHAR(40), 
	assigned_at DATETIME, 
	ping_here BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_alert_mention_channel UNIQUE (mention_id, channel), 
	FOREIGN KEY(mention_id) REFERENCES mentions (id) ON DELETE CASCADE
);

CREATE INDEX ix_alerts_status ON alerts (status);

CREATE INDEX ix_alerts_needs_update ON alerts (needs_update);

CREATE TABLE notices (
	id INTEGER NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	channel VARCHAR(100) NOT NULL, 
	channel_id VARCHAR(40), 
	thread_alert_id INTEGER, 
	text TEXT NOT NULL, 
	blocks JSON, 
	status VARCHAR(12) NOT NULL, 
	ts VARCHAR(40), 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	sending_at DATETIME, 
	posted_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(thread_alert_id) REFERENCES alerts (id) ON DELETE CASCADE
);

CREATE INDEX ix_notices_status ON notices (status);

CREATE TABLE audit (
	id INTEGER NOT NULL, 
	alert_id INTEGER, 
	user_id VARCHAR(40) NOT NULL, 
	action VARCHAR(30) NOT NULL, 
	value TEXT, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(alert_id) REFERENCES alerts (id) ON DELETE CASCADE
);

CREATE INDEX ix_audit_alert_id ON audit (alert_id);

CREATE TABLE uploads (
	id INTEGER NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	channel VARCHAR(100) NOT NULL, 
	channel_id VARCHAR(40), 
	after_notice_id INTEGER, 
	filename VARCHAR(200) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	alt_text TEXT, 
	comment TEXT, 
	content BLOB NOT NULL, 
	status VARCHAR(12) NOT NULL, 
	file_id VARCHAR(40), 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	sending_at DATETIME, 
	posted_at DATETIME, 
	stage VARCHAR(12), 
	requester VARCHAR(40), 
	tell VARCHAR(100), 
	tell_lang VARCHAR(2), 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(after_notice_id) REFERENCES notices (id) ON DELETE CASCADE
);

CREATE INDEX ix_uploads_status ON uploads (status);

CREATE VIRTUAL TABLE items_fts USING fts5(search_text, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER IF NOT EXISTS items_fts_insert AFTER INSERT ON items BEGIN INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text); END;

CREATE TRIGGER IF NOT EXISTS items_fts_delete AFTER DELETE ON items BEGIN INSERT INTO items_fts(items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END;

INSERT INTO items_fts(items_fts) VALUES ('rebuild');

