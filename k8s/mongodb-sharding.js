// Shards the pipeline's two growing collections, once, on a sharded cluster (MongoDB 6.0+ or Atlas), through mongos:
//
//   MONGODB_DATABASE=crypto_market mongosh "$MONGODB_URI" k8s/mongodb-sharding.js
//
// Not needed while one replica set holds the data (docs/store.md, "Scale-out"). Not run here: there is no sharded cluster
// on the development machines; the wire-protocol server of the tests has no sharding.
//
// Both keys are ranged, not hashed: MongoDB enforces a unique index on a sharded collection only when the shard key
// is its prefix, and a hashed shard key cannot be unique. Each key is exactly the collection's unique identity:
// - market_data_raw {coin_id, timestamp}: every document the store inserts carries both fields (the full shard key,
//   as an insert into a sharded collection must), and the unique identity index that refuses a stored observation
//   is the shard key's; the coin leads, so a poll's writes (one per coin) spread over all chunks, and a coin's series
//   is read from one shard.
// - market_data_daily {coin_id, date}: the daily job's $merge matches on (coin_id, date), which contains the whole
//   shard key and has a unique index on exactly those fields, as $merge into a sharded collection requires.
const name = process.env.MONGODB_DATABASE || "crypto_market";
const database = db.getSiblingDB(name);

// The services create these at start-up; created here too (a no-op when they exist) because sharding a collection
// that holds data needs its shard-key index first. The names are the ones the services use.
database.market_data_raw.createIndex({coin_id: 1, timestamp: 1}, {name: "coin_id_1_timestamp_1", unique: true});
database.market_data_daily.createIndex({coin_id: 1, date: 1}, {name: "coin_id_1_date_1", unique: true});

sh.enableSharding(name);
sh.shardCollection(name + ".market_data_raw", {coin_id: 1, timestamp: 1}, true);
sh.shardCollection(name + ".market_data_daily", {coin_id: 1, date: 1}, true);
printjson(database.market_data_raw.getShardDistribution());
