// GeneratedClientTests compiles this against api.d.ts (openapi-typescript from /openapi/v1.json) and runs it: it signs in
// and publishes a notice through openapi-fetch, then sends an invalid one and prints the problem's detail.
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

declare const process: { argv: string[]; exitCode?: number };

const [baseUrl, username, password, placeId, title] = process.argv.slice(2);

const anonymous = createClient<paths>({ baseUrl });
const signIn = await anonymous.POST("/api/auth/token", { body: { username, password } });
if (signIn.data === undefined) {
    throw new Error(`sign-in refused: ${signIn.response.status} ${signIn.error?.detail}`);
}
const token: string = signIn.data.token;
const staff = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

const notice: components["schemas"]["Notice"] = {
    title,
    body: "明天 9:00-12:00 停水，请提前储水。",
    category: "outage",
    priority: "pinned",
    validFrom: "2026-12-07T00:00:00+08:00",
    target: { placeId },
};
const created = await staff.POST("/api/notices", { body: notice });
if (created.data === undefined) {
    throw new Error(`publish refused: ${created.response.status} ${created.error?.detail}`);
}
if ("itemId" in created.data) {
    throw new Error(`held for review (${created.data.status}) instead of published`);
}
const published: components["schemas"]["PublishedOfNotice"] = created.data;

// A notice without a title is well typed but invalid: the controller's problem says why in detail.
const invalid = await staff.POST("/api/notices", { body: { title: "", target: { placeId } } });

console.log(JSON.stringify({
    status: created.response.status,
    id: published.item.id,
    title: published.item.title,
    category: published.item.category,
    seq: Number(published.seq),
    invalidStatus: invalid.response.status,
    invalidDetail: invalid.error?.detail ?? null,
}));
