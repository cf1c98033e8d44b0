// Compatibility test: drives a running Geohooks portal with the UNMODIFIED
// @esri/arcgis-rest-request and @esri/arcgis-rest-portal packages from npm.
//
//   npm ci
//   GEOHOOKS_PORTAL=http://127.0.0.1:5080/arcgis/sharing/rest \
//   GEOHOOKS_USER=admin GEOHOOKS_PASSWORD=secret node --test
//
// The steps of the `describe` below run in order and share one signed-in
// session. Every run uses fresh names, so it can be repeated against the same
// server. A step whose input an earlier step failed to produce is skipped, so
// the first failure is the one to read.

import { describe, after } from "node:test";
import assert from "node:assert/strict";
import { recordFetch } from "./support/wire.mjs";
import { steps } from "./support/steps.mjs";

import { ArcGISIdentityManager, request } from "@esri/arcgis-rest-request";
import {
  getSelf,
  getUser,
  createItem,
  getItem,
  addItemData,
  getItemData,
  updateItem,
  searchItems,
  removeItem,
  createGroup,
  updateGroup,
  getGroup,
  getGroupUsers,
  removeGroup,
  addGroupUsers,
  removeGroupUsers,
  shareItemWithGroup,
  unshareItemWithGroup,
  isItemSharedWithGroup
} from "@esri/arcgis-rest-portal";

// ---------------------------------------------------------------- configuration

const missing = ["GEOHOOKS_PORTAL", "GEOHOOKS_USER", "GEOHOOKS_PASSWORD"].filter(
  (name) => !process.env[name]
);
if (missing.length) {
  throw new Error(
    `Missing environment variable(s): ${missing.join(", ")}. ` +
      "Set GEOHOOKS_PORTAL (e.g. http://127.0.0.1:5080/arcgis/sharing/rest), " +
      "GEOHOOKS_USER and GEOHOOKS_PASSWORD (an org administrator)."
  );
}

const PORTAL = process.env.GEOHOOKS_PORTAL.replace(/\/+$/, "");
const USER = process.env.GEOHOOKS_USER;
const PASSWORD = process.env.GEOHOOKS_PASSWORD;
if (!/^https?:\/\/.+\/sharing\/rest$/.test(PORTAL)) {
  throw new Error(
    `GEOHOOKS_PORTAL must be the portal's sharing API URL ending in /sharing/rest, got "${PORTAL}".`
  );
}
const PORTAL_ADMIN = PORTAL.replace(/\/sharing\/rest$/, "/portaladmin");

// Unique per run: base-36 time + random, letters and digits only so that
// the search tokenizer and the username rules cannot trip over it.
const RUN = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

// A hung server must not hang the run: every HTTP request is aborted after
// REQUEST_TIMEOUT_MS, and every step fails after STEP.timeout.
const REQUEST_TIMEOUT_MS = 15_000;
const STEP = { timeout: 60_000 };

// ---------------------------------------------------------------- wire recorder
// The library calls globalThis.fetch at request time. Wrapping it (without
// touching the library) lets the test check what was sent, e.g. that a call
// carried the session token, and print the exchange when a step fails.

const wire = recordFetch({ timeoutMs: REQUEST_TIMEOUT_MS });

/** Requests recorded since `from` whose path ends with `suffix`. */
function sentTo(suffix, from = 0) {
  return wire.slice(from).filter((e) => e.path.endsWith(suffix));
}

// ---------------------------------------------------------------- shared state

const state = {
  session: null, // ArcGISIdentityManager of the admin
  orgId: null,
  itemId: null,
  itemRemoved: false,
  groupId: null,
  groupRemoved: false,
  member: null // username of the org_user created for membership tests
};
const { step, needs } = steps(wire, state, STEP);


const names = {
  title: `Geohooks restjs item ${RUN}`,
  renamedWord: `renamed${RUN}`,
  group: `Geohooks restjs group ${RUN}`,
  member: `ghjs_${RUN}`,
  memberPassword: `Gh-${RUN}-pw9`
};
names.renamed = `Geohooks restjs ${names.renamedWord}`;

/** Defines one ordered step; on failure prints the HTTP exchanges it made. */


const auth = () => ({ authentication: state.session });

// ---------------------------------------------------------------- the test

describe(`ArcGIS REST JS against ${PORTAL}`, () => {
  step("signIn with username/password yields a token", async () => {
    const session = await ArcGISIdentityManager.signIn({
      username: USER,
      password: PASSWORD,
      portal: PORTAL
    });
    state.session = session; // kept even if a check below fails, so later steps still run
    assert.equal(session.username, USER);
    assert.equal(typeof session.token, "string");
    assert.ok(session.token.length > 0, "generateToken returned an empty token");
    assert.ok(
      session.tokenExpires instanceof Date &&
        session.tokenExpires.getTime() > Date.now(),
      "generateToken must return `expires` as epoch milliseconds in the future " +
        `(got ${session.tokenExpires}); without it the client re-authenticates on every call`
    );

    const tokenCalls = sentTo("/sharing/rest/generateToken");
    assert.equal(tokenCalls.length, 1);
    assert.equal(tokenCalls[0].method, "POST");
    assert.equal(tokenCalls[0].params.get("username"), USER);

    const selfCalls = sentTo("/community/self");
    assert.ok(selfCalls.length >= 1, "signIn must read community/self");
    assert.equal(selfCalls.at(-1).params.get("token"), session.token);
  });

  step("signIn with a wrong password is rejected", async () => {
    await assert.rejects(
      ArcGISIdentityManager.signIn({
        username: USER,
        password: `${PASSWORD}-wrong-${RUN}`,
        portal: PORTAL
      }),
      (err) => {
        // generateToken answers HTTP 200 {"error":{"code":400,...}}; the client
        // then asks community/self anonymously and, on its 499/498 answer,
        // surfaces the token error.
        assert.equal(err.name, "ArcGISTokenRequestError", `unexpected error: ${err}`);
        assert.equal(err.code, "TOKEN_REFRESH_FAILED");
        assert.equal(err.response?.error?.code, 400, "generateToken error code");
        return true;
      },
      "signIn with a wrong password resolved: generateToken must fail and an anonymous " +
        "community/self must answer {error:{code:499}}"
    );
  });

  step("getSelf returns the portal with the signed-in user", async (t) => {
    if (!needs(t, "session")) return;
    const from = wire.length;
    const self = await getSelf(auth());
    assert.equal(typeof self.id, "string");
    assert.ok(self.id.length > 0, "portals/self must have an id");
    assert.equal(self.user?.username, USER, "portals/self must embed the calling user");

    const [call] = sentTo("/portals/self", from);
    assert.equal(call.method, "GET");
    assert.equal(call.params.get("token"), state.session.token, "later calls carry the token");
    assert.equal(call.params.get("f"), "json");
    state.orgId = self.id;
  });

  step("getUser returns the signed-in org administrator", async (t) => {
    if (!needs(t, "session")) return;
    const user = await getUser(auth());
    assert.equal(user.username, USER);
    assert.equal(user.role, "org_admin");
    assert.ok(!user.roleId, "the built-in administrator has no roleId (the client checks this)");
    if (state.orgId) assert.equal(user.orgId, state.orgId, "user.orgId must equal portals/self id");
  });

  step("createItem creates an item; getItem returns its title, tags and owner", async (t) => {
    if (!needs(t, "session")) return;
    const created = await createItem({
      item: {
        title: names.title,
        type: "Web Map",
        tags: ["geohooks", `run${RUN}`],
        snippet: "Created by the arcgis-rest-js compatibility test",
        text: { operationalLayers: [], baseMap: { title: "none" }, version: "2.30", run: RUN }
      },
      ...auth()
    });
    assert.equal(created.success, true);
    assert.match(created.id ?? "", /^[0-9a-f]{32}$/, "item ids are 32 lowercase hex characters");
    state.itemId = created.id;

    const item = await getItem(created.id, auth());
    assert.equal(item.id, created.id);
    assert.equal(item.title, names.title);
    assert.equal(item.type, "Web Map");
    assert.deepEqual([...item.tags].sort(), ["geohooks", `run${RUN}`].sort());
    assert.equal(item.owner, USER);
  });

  step("getItemData returns the text given to createItem", async (t) => {
    if (!needs(t, "itemId")) return;
    const data = await getItemData(state.itemId, auth());
    assert.deepEqual(data, {
      operationalLayers: [],
      baseMap: { title: "none" },
      version: "2.30",
      run: RUN
    });
  });

  step("addItemData then getItemData round-trips a JSON object", async (t) => {
    if (!needs(t, "itemId")) return;
    const payload = {
      run: RUN,
      nested: { list: [1, 2, 3], flag: true, nothing: null },
      text: "ünïcödé & <markup> = 100%"
    };
    const added = await addItemData({
      id: state.itemId,
      text: JSON.stringify(payload),
      ...auth()
    });
    assert.equal(added.success, true);
    assert.equal(added.id, state.itemId);

    assert.deepEqual(await getItemData(state.itemId, auth()), payload);
  });

  step("updateItem changes the title", async (t) => {
    if (!needs(t, "itemId")) return;
    const updated = await updateItem({
      item: { id: state.itemId, title: names.renamed },
      ...auth()
    });
    assert.equal(updated.success, true);
    assert.equal(updated.id, state.itemId);

    const item = await getItem(state.itemId, auth());
    assert.equal(item.title, names.renamed);
    assert.equal(item.type, "Web Map", "an update must not drop unrelated fields");
  });

  step("searchItems finds the item by id and by owner + title word", async (t) => {
    if (!needs(t, "itemId")) return;
    const byId = await searchItems({ q: `id: ${state.itemId}`, ...auth() });
    assert.ok(byId.total >= 1, `search "id: <id>" total was ${byId.total}`);
    assert.equal(byId.results[0].id, state.itemId);
    assert.equal(byId.results[0].title, names.renamed);

    const byOwner = await searchItems({
      q: `owner:${USER} AND title:${names.renamedWord}`,
      num: 10,
      ...auth()
    });
    assert.ok(byOwner.total >= 1, `owner/title search total was ${byOwner.total}`);
    assert.equal(byOwner.results[0].id, state.itemId);
    assert.ok(byOwner.results.every((r) => r.owner === USER), "owner: must filter by owner");
  });

  step("createGroup creates an org group", async (t) => {
    if (!needs(t, "session")) return;
    const created = await createGroup({
      group: {
        title: names.group,
        access: "org",
        tags: ["geohooks", `run${RUN}`],
        snippet: "initial snippet"
      },
      ...auth()
    });
    assert.equal(created.success, true);
    assert.match(created.group?.id ?? "", /^[0-9a-f]{32}$/, "group ids are 32 lowercase hex characters");
    assert.equal(created.group.title, names.group);
    state.groupId = created.group.id;
  });

  step("updateGroup changes snippet and description; getGroup shows them", async (t) => {
    if (!needs(t, "groupId")) return;
    const snippet = `snippet ${RUN}`;
    const description = `Description for run ${RUN}.`;
    const updated = await updateGroup({
      group: { id: state.groupId, snippet, description },
      ...auth()
    });
    assert.equal(updated.success, true);

    const group = await getGroup(state.groupId, auth());
    assert.equal(group.id, state.groupId);
    assert.equal(group.title, names.group);
    assert.equal(group.access, "org");
    assert.equal(group.owner, USER);
    assert.equal(group.snippet, snippet);
    assert.equal(group.description, description);
    assert.equal(group.userMembership?.memberType, "owner");
  });

  step("portaladmin createUser (generic request) creates an org_user", async (t) => {
    if (!needs(t, "session")) return;
    // The portaladmin URL is outside <portal>/sharing/rest, so the identity
    // manager would not attach the portal token to it by itself (it would try
    // a server federation hand-shake instead). Pass the token explicitly.
    const token = await state.session.getToken(PORTAL);
    const from = wire.length;
    const result = await request(`${PORTAL_ADMIN}/security/users/createUser`, {
      params: {
        username: names.member,
        password: names.memberPassword,
        firstname: "Compat",
        lastname: `Member ${RUN}`,
        email: `${names.member}@example.org`,
        role: "org_user",
        userLicenseTypeId: "creatorUT",
        token
      }
    });
    assert.ok(
      result.status === "success" || result.success === true,
      `createUser answered ${JSON.stringify(result)}`
    );
    const [call] = sentTo("/security/users/createUser", from);
    assert.equal(call.method, "POST");
    assert.equal(call.params.get("token"), state.session.token);
    state.member = names.member;

    const member = await getUser({ username: names.member, ...auth() });
    assert.equal(member.username, names.member);
    assert.equal(member.role, "org_user");
  });

  step("the new user can sign in with its password", async (t) => {
    if (!needs(t, "member")) return;
    const memberSession = await ArcGISIdentityManager.signIn({
      username: names.member,
      password: names.memberPassword,
      portal: PORTAL
    });
    assert.ok(memberSession.token, "no token for the new user");
    assert.notEqual(memberSession.token, state.session.token);
    const me = await getUser({ authentication: memberSession });
    assert.equal(me.username, names.member);
    assert.equal(me.role, "org_user");
  });

  step("addGroupUsers adds the member; getGroupUsers lists it", async (t) => {
    if (!needs(t, "groupId", "member")) return;
    const result = await addGroupUsers({ id: state.groupId, users: [state.member], ...auth() });
    assert.equal(result.errors, undefined, `addUsers failed: ${result.errors?.join("; ")}`);
    assert.deepEqual(result.notAdded, []);
    const [call] = sentTo(`/community/groups/${state.groupId}/addUsers`);
    assert.equal(call.params.get("users"), state.member);

    const users = await getGroupUsers(state.groupId, auth());
    assert.equal(users.owner, USER);
    assert.ok(Array.isArray(users.admins), "community/groups/<id>/users must have admins[]");
    assert.ok(users.users.includes(state.member), `members: ${JSON.stringify(users.users)}`);
  });

  step("removeGroupUsers removes the member", async (t) => {
    if (!needs(t, "groupId", "member")) return;
    const result = await removeGroupUsers({ id: state.groupId, users: [state.member], ...auth() });
    assert.equal(result.errors, undefined, `removeUsers failed: ${result.errors?.join("; ")}`);
    assert.deepEqual(result.notRemoved, []);

    const users = await getGroupUsers(state.groupId, auth());
    assert.ok(!users.users.includes(state.member), `members: ${JSON.stringify(users.users)}`);
  });

  step("shareItemWithGroup shares; isItemSharedWithGroup is true", async (t) => {
    if (!needs(t, "itemId", "groupId")) return;
    const options = { id: state.itemId, groupId: state.groupId, ...auth() };
    assert.ok(
      !(await isItemSharedWithGroup({ ...options })),
      "isItemSharedWithGroup is already true before sharing: search must honour `group: <id>`"
    );

    // The client reads `notSharedWith.length`: a response without that array
    // surfaces as a TypeError here.
    const from = wire.length;
    const shared = await shareItemWithGroup({ ...options });
    assert.deepEqual(shared.notSharedWith, []);
    const [call] = sentTo(`/content/users/${USER}/items/${state.itemId}/share`, from);
    assert.ok(call, "the owner's share endpoint was not called");
    assert.equal(call.params.get("groups"), state.groupId);

    assert.equal(await isItemSharedWithGroup({ ...options }), true);
  });

  step("unshareItemWithGroup unshares; isItemSharedWithGroup is false", async (t) => {
    if (!needs(t, "itemId", "groupId")) return;
    const options = { id: state.itemId, groupId: state.groupId, ...auth() };
    const from = wire.length;
    // Likewise the client reads `notUnsharedFrom.length`.
    const unshared = await unshareItemWithGroup({ ...options });
    assert.deepEqual(unshared.notUnsharedFrom, []);
    assert.ok(
      sentTo(`/content/users/${USER}/items/${state.itemId}/unshare`, from).length === 1,
      "the owner's unshare endpoint was not called"
    );

    // The library answers `undefined` rather than `false` when the search is empty.
    assert.ok(!(await isItemSharedWithGroup({ ...options })), "item still shared with the group");
  });

  step("removeItem deletes the item; getItem then rejects", async (t) => {
    if (!needs(t, "itemId")) return;
    const removed = await removeItem({ id: state.itemId, ...auth() });
    assert.equal(removed.success, true);
    state.itemRemoved = true;

    await assert.rejects(getItem(state.itemId, auth()), (err) => {
      // Must be a plain request error: a 498/499 (ArcGISAuthError) would make
      // the client throw away its token and sign in again.
      assert.equal(err.name, "ArcGISRequestError", `unexpected error: ${err}`);
      return true;
    });
  });

  step("removeGroup deletes the group; getGroup then rejects", async (t) => {
    if (!needs(t, "groupId")) return;
    const removed = await removeGroup({ id: state.groupId, ...auth() });
    assert.equal(removed.success, true);
    state.groupRemoved = true;

    await assert.rejects(getGroup(state.groupId, auth()), (err) => {
      assert.equal(err.name, "ArcGISRequestError", `unexpected error: ${err}`);
      return true;
    });
  });

  step("the session token was requested only once", async (t) => {
    if (!needs(t, "session")) return;
    const adminTokens = sentTo("/sharing/rest/generateToken").filter(
      (e) => e.params.get("username") === USER && e.params.get("password") === PASSWORD
    );
    assert.equal(adminTokens.length, 1, "the client had to re-authenticate during the run");
  });

  // Best effort: leave nothing behind if a step failed half way. Errors here
  // are ignored; the steps above already reported what went wrong.
  after(async () => {
    if (!state.session) return;
    const quietly = (p) => p.catch(() => undefined);
    if (state.itemId && !state.itemRemoved) {
      await quietly(removeItem({ id: state.itemId, ...auth() }));
    }
    if (state.groupId && !state.groupRemoved) {
      await quietly(removeGroup({ id: state.groupId, ...auth() }));
    }
    if (state.member) {
      const token = await quietly(state.session.getToken(PORTAL));
      await quietly(
        request(`${PORTAL}/community/users/${encodeURIComponent(state.member)}/delete`, {
          params: { token }
        })
      );
    }
  });
});
