// Must NOT compile: a notice's title is a string in the document, so the generated types refuse a number.
import createClient from "openapi-fetch";
import type { paths } from "./api.js";

const staff = createClient<paths>({ baseUrl: "http://127.0.0.1:1" });
await staff.POST("/api/notices", { body: { title: 42, target: { placeId: "compound-a" } } });
