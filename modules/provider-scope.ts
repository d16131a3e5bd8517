import { Aspects, IAspect, TerraformDataSource, TerraformProvider, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

/** Points every resource and data source below a scope at one provider unless it already has one. */
class UseProvider implements IAspect {
  constructor(private readonly provider: TerraformProvider) {}

  visit(node: IConstruct): void {
    if ((node instanceof TerraformResource || node instanceof TerraformDataSource) && !node.provider) {
      node.provider = this.provider;
    }
  }
}

/**
 * A scope whose resources are created with `provider` (an account + region). Lets modules stay
 * unaware of which aliased provider a member stack's region uses.
 */
export class ProviderScope extends Construct {
  constructor(
    scope: Construct,
    id: string,
    readonly provider: TerraformProvider,
  ) {
    super(scope, id);
    Aspects.of(this).add(new UseProvider(provider));
  }
}
