import { build } from 'esbuild'; import { gzipSync } from 'node:zlib';
const ROOT='/work/wt-int';
const s={name:'s',setup(b){b.onResolve({filter:/^custodia(\/.*)?$/},(a)=>{const k=a.path==='custodia'?'':a.path.slice(9);return {path:ROOT+'/src/'+(k?k+'/':'')+'index.ts'};});}};
for (const f of process.argv.slice(2)) {
const r=await build({entryPoints:[ROOT+'/test/size/fixtures/'+f+'.mjs'],bundle:true,minify:true,write:false,format:'esm',platform:'browser',target:'es2020',logLevel:'silent',plugins:[s]});
const code=r.outputFiles[0].contents; console.log(f, code.length, gzipSync(code,{level:9}).length);
}
