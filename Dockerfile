# The API alone; Neo4j comes from docker-compose.yml (NEO4J_URI must be set, no embedded database).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build

# Production runs the compiled JavaScript, with runtime dependencies only; the explorer's
# bundle (dist/explorer) is built above and needs none.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY seed ./seed
EXPOSE 4000
USER node
CMD ["node", "dist/main.js"]
