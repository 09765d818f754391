# The API alone; Neo4j comes from docker-compose.yml (NEO4J_URI must be set, no embedded database).
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY tsconfig.json ./
COPY src ./src
COPY schema ./schema
COPY seed ./seed
EXPOSE 4000
USER node
CMD ["node", "--import", "tsx", "src/main.ts"]
