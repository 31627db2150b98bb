// Least-privilege roles of the three services, one per service, in the pipeline's database.
//
//   MONGODB_DATABASE=crypto_market mongosh "mongodb://ADMIN@HOST/admin" k8s/mongodb/roles.js
//
// Run it as a user who may create roles in that database (userAdmin on it, or userAdminAnyDatabase). It creates the
// roles, or updates them to exactly these privileges when they exist, so running it again after an upgrade is safe.
// It creates no users (their passwords are secrets); give each service's user its role, for instance:
//
//   db.getSiblingDB("crypto_market").createUser({user: "store", pwd: passwordPrompt(),
//       roles: [{role: "cryptoPipelineStore", db: "crypto_market"}]})
//
// On Atlas, which does not take createRole from mongosh, create the same custom roles in the UI (Database Access >
// Custom Roles) or with `atlas customDbRoles create`; see docs/store.md, "Indexes and privileges".
//
// Why each action (MongoDB's privilege actions; `find` also covers aggregate and distinct on the collection):
// - insert: the store's observations (plain inserts: a stored observation answers a duplicate-key error, so the
//   store needs no update on market_data_raw);
// - insert + update: upserts (findOneAndUpdate/replaceOne with upsert) and $merge with whenMatched "replace" /
//   whenNotMatched "insert" (MongoDB requires insert and update on the $merge target);
// - createCollection: the first insert or index of a collection on an empty database creates it;
// - createIndex, listIndexes, collMod: store-service makes sure of its indexes by key and options at start-up and
//   changes a TTL in place (collMod) only when told to (store.retention-change-from); ingest-service makes sure of the
//   TTL index on market_repair_jobs' finished_at (never changing one it finds). No service drops an index or deletes a
//   document: MongoDB's TTL monitor removes expired observations and finished repair jobs itself, with no user
//   privilege.
//
// The block between the markers is strict JSON: deployment-tests (MongoRolesTest) reads it and checks that every
// collection the services name in their code and configuration is covered, and nothing else.

const ROLES =
// roles:begin
{
  "cryptoPipelineIngest": [
    {"collection": "ingest_leases", "actions": ["find", "insert", "update", "createCollection"]},
    {"collection": "ingest_call_budget", "actions": ["find", "insert", "update", "createCollection"]},
    {"collection": "market_repair_jobs",
     "actions": ["find", "insert", "update", "createCollection", "createIndex", "listIndexes"]},
    {"collection": "market_data_quality", "actions": ["find"]}
  ],
  "cryptoPipelineStore": [
    {"collection": "market_data_raw",
     "actions": ["find", "insert", "createCollection", "createIndex", "listIndexes", "collMod"]},
    {"collection": "market_data_daily", "actions": ["find", "listIndexes"]}
  ],
  "cryptoPipelineAggregate": [
    {"collection": "market_data_raw", "actions": ["find"]},
    {"collection": "market_data_daily", "actions": ["find", "insert", "update", "createCollection", "createIndex"]},
    {"collection": "market_data_quality", "actions": ["find", "insert", "update", "createCollection", "createIndex"]}
  ]
}
// roles:end
;

const dbName = (typeof process !== "undefined" && process.env.MONGODB_DATABASE) || "crypto_market";
const target = db.getSiblingDB(dbName);

for (const [role, grants] of Object.entries(ROLES)) {
  const privileges = grants.map(grant => ({
    resource: {db: dbName, collection: grant.collection},
    actions: grant.actions
  }));
  if (target.getRole(role) === null) {
    target.createRole({role: role, privileges: privileges, roles: []});
    print(`created role ${role} on ${dbName}`);
  } else {
    target.updateRole(role, {privileges: privileges, roles: []});
    print(`updated role ${role} on ${dbName}`);
  }
}
